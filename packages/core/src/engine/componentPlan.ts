/**
 * Every component a crawl will build, resolved from the settings before any
 * is built: resolving a class declares the settings it brings, so they are all
 * known (and checked) before the first component reads one.
 */
import { mergeComponentMaps, type ComponentMap, type ComponentRef } from '../settings/componentMap.js';
import type { Settings } from '../settings/settings.js';
import { ComponentRegistry, type ComponentKind, type ResolvedComponent } from '../component/registry.js';
import { BUILTIN_COMPONENTS } from '../builtins.js';
import type { CrawlerOptions } from './crawlerOptions.js';

/** Each ordered component map (merged over its `_BASE` map) and the kind of component it lists. */
export const COMPONENT_MAPS = {
  EXTENSIONS: 'extension',
  DOWNLOADER_MIDDLEWARES: 'downloaderMiddleware',
  SPIDER_MIDDLEWARES: 'spiderMiddleware',
  ITEM_PIPELINES: 'itemPipeline',
} as const satisfies Record<string, ComponentKind>;
export type ComponentMapSetting = keyof typeof COMPONENT_MAPS;

const BUILTIN_HANDLERS: Record<string, ComponentRef> = { http: 'HttpDownloadHandler', https: 'HttpDownloadHandler' };

export interface ComponentPlan {
  /** The enabled components of each map, in order. */
  maps: Record<ComponentMapSetting, ResolvedComponent[]>;
  /** URL scheme → download handler. */
  handlers: Map<string, ResolvedComponent>;
  logFormatter: ResolvedComponent;
}

export async function resolveComponents(settings: Settings, registry: ComponentRegistry): Promise<ComponentPlan> {
  const resolve = async (ref: ComponentRef, kind: ComponentKind, setting: string) => {
    const resolved = await registry.resolve(ref, kind, setting, settings.baseDir);
    if (resolved.cls.settings) settings.declare(resolved.cls.settings, resolved.name);
    return resolved;
  };
  const maps = {} as ComponentPlan['maps'];
  for (const [setting, kind] of Object.entries(COMPONENT_MAPS) as Array<[ComponentMapSetting, ComponentKind]>) {
    const entries = mergeComponentMaps(
      settings.getRaw(`${setting}_BASE`) as ComponentMap,
      settings.getRaw(setting) as ComponentMap,
      (ref) => registry.nameOf(ref) ?? ref,
    );
    maps[setting] = [];
    // Disabled entries are resolved too: `{ RobotTxtMiddleware: null }` names nothing and must not pass silently.
    for (const { ref, order } of entries) {
      const resolved = await resolve(ref, kind, setting);
      if (order !== null && order !== undefined) maps[setting].push(resolved);
    }
  }
  const handlers = new Map<string, ResolvedComponent>();
  for (const [scheme, ref] of Object.entries({ ...BUILTIN_HANDLERS, ...settings.get('DOWNLOAD_HANDLERS') })) {
    if (ref !== null) handlers.set(scheme.toLowerCase(), await resolve(ref, 'downloadHandler', 'DOWNLOAD_HANDLERS'));
  }
  const logFormatter = await resolve(settings.get('LOG_FORMATTER'), 'logFormatter', 'LOG_FORMATTER');
  return { maps, handlers, logFormatter };
}

/**
 * Declare the settings of every component these settings name, as a crawl
 * would, without crawling (for `arachne settings`); then every key given must
 * be declared.
 */
export async function declareComponentSettings(settings: Settings, options: Pick<CrawlerOptions, 'components' | 'loadModule'> = {}): Promise<void> {
  await resolveComponents(settings, new ComponentRegistry(BUILTIN_COMPONENTS, options));
  settings.checkDeclared();
}
