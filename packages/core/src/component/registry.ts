/**
 * The components a crawler can name in its settings: the built-ins, those
 * given in `CrawlerOptions.components`, and modules given by path
 * (`"./pipelines.ts:MyPipeline"`), loaded with the crawler's module loader.
 * Each crawler has its own registry, so two crawls in one process never see
 * each other's registrations.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { SettingsError } from '../errors.js';
import { closestName } from '../settings/suggest.js';
import type { ComponentRef } from '../settings/componentMap.js';
import type { ComponentClass } from './context.js';

/** What a component is for: suggestions for a misspelt name come from its own kind. */
export type ComponentKind = 'extension' | 'downloaderMiddleware' | 'spiderMiddleware' | 'itemPipeline' | 'downloadHandler' | 'logFormatter';

const KIND_WORDS: Record<ComponentKind, string> = {
  extension: 'extension',
  downloaderMiddleware: 'downloader middleware',
  spiderMiddleware: 'spider middleware',
  itemPipeline: 'item pipeline',
  downloadHandler: 'download handler',
  logFormatter: 'log formatter',
};

/** Loads a module given by file path (`import()` by default; the `arachne` command compiles TypeScript). */
export type ModuleLoader = (file: string) => Promise<Record<string, unknown>>;

export const importModule: ModuleLoader = async (file) => (await import(pathToFileURL(file).href)) as Record<string, unknown>;

export type BuiltinComponents = Readonly<Record<ComponentKind, Readonly<Record<string, ComponentClass>>>>;

/** A component resolved from a settings entry, with the name logs use for it. */
export interface ResolvedComponent {
  name: string;
  cls: ComponentClass;
}

export class ComponentRegistry {
  readonly #byName = new Map<string, { cls: ComponentClass; kind: ComponentKind | null }>();
  readonly #loadModule: ModuleLoader;

  constructor(builtins: BuiltinComponents, options: { components?: Readonly<Record<string, ComponentClass>>; loadModule?: ModuleLoader } = {}) {
    for (const [kind, table] of Object.entries(builtins) as Array<[ComponentKind, Record<string, ComponentClass>]>) {
      for (const [name, cls] of Object.entries(table)) this.#byName.set(name, { cls, kind });
    }
    for (const [name, cls] of Object.entries(options.components ?? {})) {
      if (typeof cls !== 'function') throw new SettingsError(`components: "${name}" must be a class, got ${typeof cls}`);
      this.#byName.set(name, { cls, kind: null });
    }
    this.#loadModule = options.loadModule ?? importModule;
  }

  /** The name a class is registered under, so `[[RetryMiddleware, null]]` and `{ RetryMiddleware: null }` mean one component. */
  nameOf(ref: ComponentRef): string | undefined {
    if (typeof ref === 'string') return this.#byName.has(ref) ? ref : undefined;
    for (const [name, { cls }] of this.#byName) if (cls === ref) return name;
    return undefined;
  }

  /** Names usable for components of `kind` (user registrations have no kind, so they count for every kind). */
  names(kind: ComponentKind): string[] {
    return [...this.#byName].filter(([, entry]) => entry.kind === null || entry.kind === kind).map(([name]) => name);
  }

  /** The class behind a settings entry: a registered name, a class, or `"module:Export"` loaded from `baseDir`. */
  async resolve(ref: ComponentRef, kind: ComponentKind, setting: string, baseDir: string): Promise<ResolvedComponent> {
    if (typeof ref === 'function') return { name: this.nameOf(ref) ?? ref.name, cls: ref as unknown as ComponentClass };
    if (typeof ref !== 'string') throw new SettingsError(`${setting}: a component is a name, "./module.ts:ExportName" or a class, got ${JSON.stringify(ref)}`);
    const known = this.#byName.get(ref);
    if (known) return { name: ref, cls: known.cls };
    const sep = ref.lastIndexOf(':');
    if (sep <= 1) throw this.#unknown(ref, kind, setting);
    const modulePath = ref.slice(0, sep);
    const exportName = ref.slice(sep + 1);
    const isFile = modulePath.startsWith('.') || path.isAbsolute(modulePath);
    let mod: Record<string, unknown>;
    try {
      mod = isFile ? await this.#loadModule(path.resolve(baseDir, modulePath)) : ((await import(modulePath)) as Record<string, unknown>);
    } catch (error) {
      throw new SettingsError(`${setting}: cannot load "${modulePath}" for component "${ref}": ${(error as Error).message}`, { cause: error });
    }
    const cls = mod[exportName];
    if (typeof cls !== 'function') {
      throw new SettingsError(`${setting}: "${modulePath}" has no exported class "${exportName}" (exports: ${Object.keys(mod).join(', ') || 'none'})`);
    }
    return { name: exportName, cls: cls as ComponentClass };
  }

  #unknown(ref: string, kind: ComponentKind, setting: string): SettingsError {
    const names = this.names(kind);
    const suggestion = closestName(ref, names);
    const hint = suggestion
      ? `did you mean "${suggestion}"?`
      : names.length > 0 ? `the ${KIND_WORDS[kind]}s known by name are ${names.join(', ')}.` : `no ${KIND_WORDS[kind]} is known by name.`;
    return new SettingsError(
      `${setting}: unknown ${KIND_WORDS[kind]} "${ref}" — ${hint} Your own components are "./path/to/module.ts:ExportName", a class, or a name given in CrawlerOptions.components.`,
    );
  }
}
