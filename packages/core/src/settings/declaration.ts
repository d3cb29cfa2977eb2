/**
 * Setting declarations: a setting's default, the kind of value it takes and a
 * one-line doc. Built-in settings are declared in `defaults.ts`; a component
 * or package declares its own with `defineSettings` (a component class names
 * them in `static settings`), and they are then checked, converted from
 * `-s KEY=VALUE` strings and suggested on a typo exactly as built-in ones.
 */
export type SettingType =
  | 'string'
  | 'number'
  | 'integer'
  | 'boolean'
  /** A list of strings; `-s KEY=a,b` or a JSON array. */
  | 'list'
  /** A list of numbers; `-s KEY=500,503` or a JSON array. */
  | 'number-list'
  /** A plain object; `-s KEY={"a": 1}`. */
  | 'object'
  /** `{ Component: order | null }`, or its tuple / Map forms. */
  | 'component-map'
  /** A component: a registered name, `"./module.ts:Export"`, or a class. */
  | 'component';

export interface SettingDeclaration<T = unknown> {
  readonly default: T;
  /** One line for `arachne settings` and generated docs. */
  readonly doc: string;
  /** The kind of value; by default the kind of `default` (required when the default is `null`). */
  readonly type?: SettingType;
  /** Whether `null` is accepted (always, when the default is `null`). */
  readonly nullable?: boolean;
  /** For strings: the accepted values, matched case-insensitively and stored as written here. */
  readonly choices?: readonly string[];
  /** For numbers: inclusive bounds. */
  readonly min?: number;
  readonly max?: number;
  /** A Scrapy setting whose feature is not built yet: any value but the default is an error with this reason. */
  readonly unsupported?: string;
}

export type SettingDeclarations = Readonly<Record<string, SettingDeclaration>>;

/** The value types of a declaration table: `interface SettingsValues extends SettingsOf<typeof MY_SETTINGS> {}`. */
export type SettingsOf<D extends SettingDeclarations> = { -readonly [K in keyof D]: D[K]['default'] };

/**
 * Declare settings (an identity function that checks the table's shape):
 *
 * ```ts
 * export const MYEXT_SETTINGS = defineSettings({
 *   MYEXT_ENABLED: { default: false, doc: 'Turn MyExtension on.' },
 *   MYEXT_LIMIT: { default: 10, type: 'integer', min: 1, doc: 'Items before MyExtension closes the spider.' },
 * });
 * ```
 */
export function defineSettings<const D extends SettingDeclarations>(declarations: D): D {
  for (const [key, declaration] of Object.entries(declarations)) typeOf(key, declaration);
  return declarations;
}

/** The declared type, or the default's; a declaration that gives neither is a programming error. */
export function typeOf(key: string, declaration: SettingDeclaration): SettingType {
  if (declaration.type) return declaration.type;
  const fallback = declaration.default;
  if (typeof fallback === 'number') return 'number';
  if (typeof fallback === 'boolean') return 'boolean';
  if (typeof fallback === 'string') return 'string';
  if (Array.isArray(fallback) && fallback.length > 0 && fallback.every((item) => typeof item === 'number')) return 'number-list';
  if (Array.isArray(fallback) && fallback.every((item) => typeof item === 'string')) return 'list';
  if (typeof fallback === 'object' && fallback !== null && !Array.isArray(fallback)) return 'object';
  throw new TypeError(`setting ${key}: give its "type" (the default ${JSON.stringify(fallback)} does not tell it)`);
}
