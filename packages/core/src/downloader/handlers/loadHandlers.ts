/**
 * Builds the download handler for each URL scheme: the built-in ones
 * (`http`, `https` → HttpDownloadHandler) with `DOWNLOAD_HANDLERS` merged over
 * them, as Scrapy's `DOWNLOAD_HANDLERS_BASE`. `null` disables a scheme; one
 * instance serves every scheme mapped to the same class.
 */
import type { Crawler } from '../../engine/crawler.js';
import { buildComponent, resolveComponent, type ComponentClass, type ComponentRef } from '../../settings/components.js';
import type { DownloadHandler } from './handler.js';
import { HttpDownloadHandler } from './http.js';

const BUILTIN_HANDLERS: Record<string, ComponentRef | null> = {
  http: HttpDownloadHandler as ComponentClass,
  https: HttpDownloadHandler as ComponentClass,
};

export async function loadDownloadHandlers(crawler: Crawler): Promise<Map<string, DownloadHandler>> {
  const schemes = { ...BUILTIN_HANDLERS, ...crawler.settings.get('DOWNLOAD_HANDLERS') };
  const byClass = new Map<ComponentClass, DownloadHandler | undefined>();
  const handlers = new Map<string, DownloadHandler>();
  for (const [scheme, ref] of Object.entries(schemes)) {
    if (ref === null) continue;
    const cls = (await resolveComponent(ref, crawler.settings.baseDir, 'DOWNLOAD_HANDLERS')) as ComponentClass<DownloadHandler>;
    if (!byClass.has(cls)) byClass.set(cls, buildComponent(cls, crawler));
    const handler = byClass.get(cls);
    if (handler) handlers.set(scheme.toLowerCase(), handler);
  }
  return handlers;
}
