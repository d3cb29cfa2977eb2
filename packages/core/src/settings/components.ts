/**
 * Ordered component maps (`DOWNLOADER_MIDDLEWARES`, `ITEM_PIPELINES`, ...), as in
 * Scrapy: a number orders a component, `null` disables it, and the user's map is
 * merged over the built-in `_BASE` map. A component is referred to by its
 * registered name (built-ins), by a `"./file.ts:ExportName"` module path
 * (resolved from the project directory), or — in the tuple/Map forms — by its class.
 */
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { SettingsError, NotConfigured } from '../errors.js';
import { closestName } from './suggest.js';
import type { Crawler } from '../engine/crawler.js';

export interface ComponentClass<T = unknown> {
  new (crawler: Crawler): T;
  /** Optional factory, as Scrapy's `from_crawler`; preferred over the constructor. */
  fromCrawler?(crawler: Crawler): T;
}
export type ComponentRef = string | ComponentClass;
export type ComponentMap =
  | Record<string, number | null>
  | ReadonlyArray<readonly [ComponentRef, number | null]>
  | ReadonlyMap<ComponentRef, number | null>;

const registry = new Map<string, ComponentClass>();

/** Make a component referable by name in settings maps (built-ins register themselves). */
export function registerComponent(name: string, cls: ComponentClass): void {
  registry.set(name, cls);
}

function entriesOf(map: ComponentMap): Array<[ComponentRef, number | null]> {
  if (map instanceof Map) return [...map.entries()];
  if (Array.isArray(map)) return map.map(([ref, order]) => [ref, order]);
  return Object.entries(map as Record<string, number | null>);
}

function keyOf(ref: ComponentRef): string | ComponentClass {
  if (typeof ref !== 'string') {
    for (const [name, cls] of registry) if (cls === ref) return name;
  }
  return ref;
}

/** Merge base and user maps, drop disabled entries, and sort by order. */
export function orderedComponents(base: ComponentMap, custom: ComponentMap): ComponentRef[] {
  const merged = new Map<string | ComponentClass, number | null>();
  for (const [ref, order] of [...entriesOf(base), ...entriesOf(custom)]) {
    const key = keyOf(ref);
    merged.delete(key); // re-insert so a user entry keeps its own position on order ties
    merged.set(key, order);
  }
  return [...merged.entries()]
    .filter((entry): entry is [string | ComponentClass, number] => entry[1] !== null && entry[1] !== undefined)
    .map((entry, index) => ({ ref: entry[0], order: entry[1], index }))
    .sort((a, b) => a.order - b.order || a.index - b.index)
    .map(({ ref }) => ref);
}

type FileModuleLoader = (file: string) => Promise<Record<string, unknown>>;
/** Loads a module given by file path: `import()` by default, where Node can load the file as it is. */
let loadFileModule: FileModuleLoader = async (file) => (await import(pathToFileURL(file).href)) as Record<string, unknown>;

/**
 * How components given by path (`"./pipelines.ts:MyPipeline"`) are loaded. The
 * `arachne` command sets its own, which compiles TypeScript.
 */
export function setComponentModuleLoader(loader: FileModuleLoader): void {
  loadFileModule = loader;
}

export async function resolveComponent(ref: ComponentRef, baseDir: string, settingName: string): Promise<ComponentClass> {
  if (typeof ref !== 'string') return ref;
  const known = registry.get(ref);
  if (known) return known;
  const sep = ref.lastIndexOf(':');
  if (sep <= 1) {
    const suggestion = closestName(ref, registry.keys());
    const hint = suggestion ? `did you mean "${suggestion}"?` : `Use a built-in name (${[...registry.keys()].join(', ')})`;
    throw new SettingsError(`${settingName}: unknown component "${ref}" — ${hint} Custom components are "./path/to/module.ts:ExportName".`);
  }
  const modulePath = ref.slice(0, sep);
  const exportName = ref.slice(sep + 1);
  const isFile = modulePath.startsWith('.') || path.isAbsolute(modulePath);
  let mod: Record<string, unknown>;
  try {
    mod = isFile ? await loadFileModule(path.resolve(baseDir, modulePath)) : ((await import(modulePath)) as Record<string, unknown>);
  } catch (error) {
    throw new SettingsError(`${settingName}: cannot load "${modulePath}" for component "${ref}": ${(error as Error).message}`, { cause: error });
  }
  const cls = mod[exportName];
  if (typeof cls !== 'function') {
    throw new SettingsError(`${settingName}: "${modulePath}" has no exported class "${exportName}" (exports: ${Object.keys(mod).join(', ') || 'none'})`);
  }
  return cls as ComponentClass;
}

/** Build a component for a crawler; `undefined` when it raised NotConfigured. */
export function buildComponent<T>(cls: ComponentClass<T>, crawler: Crawler): T | undefined {
  try {
    return cls.fromCrawler ? cls.fromCrawler(crawler) : new cls(crawler);
  } catch (error) {
    if (error instanceof NotConfigured) {
      crawler.logger.debug(`${cls.name} disabled: ${error.message || 'not configured'}`);
      return undefined;
    }
    throw error;
  }
}

export async function loadComponents<T>(crawler: Crawler, baseKey: string, key: string): Promise<T[]> {
  const settings = crawler.settings;
  const refs = orderedComponents(settings.getRaw(baseKey) as ComponentMap, settings.getRaw(key) as ComponentMap);
  const built: T[] = [];
  for (const ref of refs) {
    const cls = (await resolveComponent(ref, settings.baseDir, key)) as ComponentClass<T>;
    const component = buildComponent(cls, crawler);
    if (component !== undefined) built.push(component);
  }
  return built;
}

/** A built-in component and its default order in its `_BASE` map. */
export interface BuiltinComponent {
  component: ComponentClass;
  order: number;
}
export type BuiltinTable = Record<string, BuiltinComponent>;

/** The `_BASE` settings map (name → order) of a built-in table. */
export function baseMap(table: BuiltinTable): Record<string, number> {
  return Object.fromEntries(Object.entries(table).map(([name, { order }]) => [name, order]));
}
