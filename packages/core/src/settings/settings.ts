/**
 * Layered settings, as Scrapy's: each value remembers the priority it was set
 * with, and a lower-priority write never overrides a higher one. Every value
 * is checked against its setting's declaration (built-in, or declared by a
 * component or package with `declare`). A key nobody has declared yet is held
 * until the crawl starts — the components that declare it are known only then
 * — and `checkDeclared()` turns any still undeclared into an error that
 * suggests the nearest known key.
 */
import { BUILTIN_SETTINGS, type SettingKey, type SettingsValues } from './defaults.js';
import type { SettingDeclaration, SettingDeclarations } from './declaration.js';
import { coerceSetting } from './coerce.js';
import { SettingsError } from '../errors.js';
import { closestName } from './suggest.js';

export const SETTINGS_PRIORITIES = {
  default: 0,
  command: 10,
  project: 20,
  spider: 30,
  cmdline: 40,
} as const;
export type SettingsPriority = keyof typeof SETTINGS_PRIORITIES | number;

/** Settings the user writes: any subset of the known keys. */
export type SettingsInput = Partial<SettingsValues>;

interface Entry {
  value: unknown;
  priority: number;
  /** Where an undeclared value came from (`arachne.config.ts`, `-s`), for the error if it stays undeclared. */
  source?: string;
}

interface Declared {
  declaration: SettingDeclaration;
  /** Who declared it: 'Arachne' for built-ins, else a component or package name. */
  source: string;
}

export class Settings {
  readonly #declared = new Map<string, Declared>();
  readonly #values = new Map<string, Entry>();
  /** Values of keys not declared (yet). */
  readonly #pending = new Map<string, Entry>();
  #frozen = false;
  /** Directory that relative paths in settings (component modules, files) are resolved from. */
  baseDir = process.cwd();

  constructor(values?: SettingsInput, priority: SettingsPriority = 'project') {
    this.declare(BUILTIN_SETTINGS, 'Arachne');
    if (values) this.update(values, priority);
  }

  /**
   * Declare settings (a package's, or a component's `static settings`): their
   * defaults apply, values already given for them are checked now, and they
   * are suggested on typos. Declaring a key again is allowed only with the
   * same declaration.
   */
  declare(declarations: SettingDeclarations, source: string): void {
    for (const [key, declaration] of Object.entries(declarations)) {
      const known = this.#declared.get(key);
      if (known) {
        if (known.declaration === declaration) continue;
        throw new SettingsError(`setting ${key} is declared twice: by ${known.source} and by ${source}`);
      }
      this.#declared.set(key, { declaration, source });
      this.#values.set(key, { value: declaration.default, priority: 0 });
      const pending = this.#pending.get(key);
      if (pending) {
        this.#pending.delete(key);
        this.#store(key, declaration, pending.value, pending.priority);
      }
    }
  }

  isDeclared(key: string): boolean {
    return this.#declared.has(key);
  }

  /** A setting's declaration and who declared it. */
  declarationOf(key: string): Declared | undefined {
    return this.#declared.get(key);
  }

  /** Every declared key, in declaration order (built-ins first). */
  declaredKeys(): string[] {
    return [...this.#declared.keys()];
  }

  get<K extends SettingKey>(key: K): SettingsValues[K] {
    return this.getRaw(key) as SettingsValues[K];
  }

  /** A value by dynamic key (component maps, plugin settings); throws on undeclared keys. */
  getRaw(key: string): unknown {
    const entry = this.#values.get(key);
    if (!entry) throw this.#unknownKey(key);
    return entry.value;
  }

  getPriority(key: string): number {
    return (this.#values.get(key) ?? this.#pending.get(key))?.priority ?? 0;
  }

  set<K extends SettingKey>(key: K, value: SettingsValues[K] | string, priority: SettingsPriority = 'project'): void {
    this.setRaw(key, value, priority);
  }

  /**
   * Set a key given as a string (e.g. from the command line); the value is
   * checked and converted. `source` names where it came from in the error
   * should the key stay undeclared.
   */
  setRaw(key: string, value: unknown, priority: SettingsPriority = 'project', source?: string): void {
    if (this.#frozen) throw new SettingsError(`settings are frozen: cannot set ${key} after the crawl started`);
    const level = typeof priority === 'number' ? priority : SETTINGS_PRIORITIES[priority];
    const declared = this.#declared.get(key);
    if (declared) {
      this.#store(key, declared.declaration, value, level);
      return;
    }
    const current = this.#pending.get(key);
    if (!current || current.priority <= level) this.#pending.set(key, { value, priority: level, source });
  }

  /** Set several keys; an `undefined` value leaves its key alone (`{ JOBDIR: process.env.JOBDIR }`). */
  update(values: Record<string, unknown>, priority: SettingsPriority = 'project', source?: string): void {
    for (const [key, value] of Object.entries(values)) {
      if (value !== undefined) this.setRaw(key, value, priority, source);
    }
  }

  /** Throw if a key was given that no built-in, component or package declares. */
  checkDeclared(): void {
    if (this.#pending.size === 0) return;
    const problems = [...this.#pending].map(([key, { source }]) => `${source ? `${source}: ` : ''}${this.#unknownKey(key).message}`);
    throw new SettingsError(problems.join('; '));
  }

  /** No more writes; every key given must be declared by now. */
  freeze(): void {
    this.checkDeclared();
    this.#frozen = true;
  }

  get frozen(): boolean {
    return this.#frozen;
  }

  copy(): Settings {
    const copy = new Settings();
    copy.baseDir = this.baseDir;
    for (const [key, declared] of this.#declared) if (!copy.#declared.has(key)) copy.#declared.set(key, declared);
    for (const [key, entry] of this.#values) copy.#values.set(key, { ...entry });
    for (const [key, entry] of this.#pending) copy.#pending.set(key, { ...entry });
    return copy;
  }

  /** Plain object of every declared setting, for `arachne settings` and debugging. */
  toObject(): Record<string, unknown> {
    return Object.fromEntries([...this.#values].map(([key, entry]) => [key, entry.value]));
  }

  #store(key: string, declaration: SettingDeclaration, value: unknown, priority: number): void {
    const current = this.#values.get(key);
    if (current && current.priority > priority) return;
    const coerced = coerceSetting(key, declaration, value);
    if (declaration.unsupported && !isUnset(coerced, declaration)) {
      throw new SettingsError(`${key} is not supported yet: ${declaration.unsupported}`);
    }
    this.#values.set(key, { value: coerced, priority });
  }

  #unknownKey(key: string): SettingsError {
    const suggestion = closestName(key, this.#declared.keys());
    return new SettingsError(`unknown setting "${key}"${suggestion ? ` — did you mean "${suggestion}"?` : ''}`);
  }
}

function isUnset(value: unknown, declaration: SettingDeclaration): boolean {
  return value === declaration.default || value === null || value === 0 || value === '';
}
