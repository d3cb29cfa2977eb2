/**
 * The HTTP cache, as Scrapy's HttpCacheMiddleware: a fresh cached response is
 * returned from `processRequest` (flagged `cached`, the network skipped); a
 * stale one is kept while the request revalidates; what the policy allows is
 * stored on the way back. `meta.dont_cache` bypasses it for one request.
 */
import path from 'node:path';
import type { CrawlerContext } from '../../../component/context.js';
import type { Logger } from '../../../engine/logger.js';
import type { StatsCollector } from '../../../engine/stats.js';
import type { Request } from '../../../http/request.js';
import type { Response } from '../../../http/response.js';
import type { Settings } from '../../../settings/settings.js';
import type { Spider } from '../../../spiders/spider.js';
import { DownloadError, DownloadMaxSizeError, IgnoreRequest, NotConfigured } from '../../../errors.js';
import type { DownloaderMiddleware } from '../../middlewareManager.js';
import { FilesystemCacheStorage, type CacheStorage } from './filesystemStorage.js';
import { createPolicy, type CachePolicy } from './policies.js';

export class HttpCacheMiddleware implements DownloaderMiddleware {
  readonly policy: CachePolicy;
  readonly storage: CacheStorage;
  readonly #dir: string;
  readonly #ignoreMissing: boolean;
  readonly #stats: StatsCollector;
  readonly #logger: Logger;

  constructor(crawler: CrawlerContext) {
    const { settings } = crawler;
    if (!settings.get('HTTPCACHE_ENABLED')) throw new NotConfigured('HTTPCACHE_ENABLED is false');
    this.policy = createPolicy(settings);
    this.#dir = cacheDir(settings);
    this.storage = new FilesystemCacheStorage({ dir: this.#dir, expirationSecs: settings.get('HTTPCACHE_EXPIRATION_SECS') });
    this.#ignoreMissing = settings.get('HTTPCACHE_IGNORE_MISSING');
    this.#stats = crawler.stats;
    this.#logger = crawler.logger.child('downloadermiddlewares.httpcache');
  }

  openSpider(): void {
    this.#logger.debug(`Using filesystem cache storage in ${this.#dir}`);
  }

  async processRequest(request: Request, spider: Spider): Promise<Response | null> {
    const meta = request.meta;
    if (meta.dont_cache) return null;
    if (!this.policy.shouldCacheRequest(request)) {
      meta._dont_cache = true; // tells processResponse not to store it either
      return null;
    }
    const cached = await this.storage.retrieveResponse(spider, request);
    if (!cached) {
      this.#stats.incValue('httpcache/miss');
      if (this.#ignoreMissing) {
        this.#stats.incValue('httpcache/ignore');
        throw new IgnoreRequest(`Ignored request not in cache: ${request}`, { reason: 'httpcache_missing' });
      }
      return null;
    }
    if (this.policy.isCachedResponseFresh(cached, request)) {
      this.#stats.incValue('httpcache/hit');
      return cached;
    }
    // Stale: download (maybe conditionally), then decide in processResponse or processException.
    meta.cached_response = cached;
    return null;
  }

  async processResponse(request: Request, response: Response, spider: Spider): Promise<Response> {
    const meta = request.meta;
    if (meta.dont_cache) return response;
    if (response.flags.includes('cached') || '_dont_cache' in meta) {
      delete meta._dont_cache;
      return response;
    }
    // RFC 2616 requires a Date from the origin server; freshness is computed from it.
    if (!response.headers.has('Date')) response.headers.set('Date', new Date().toUTCString());
    const cached: Response | undefined = meta.cached_response;
    delete meta.cached_response;
    if (!cached) {
      this.#stats.incValue('httpcache/firsthand');
      await this.#store(spider, request, response);
      return response;
    }
    if (this.policy.isCachedResponseValid(cached, response, request)) {
      this.#stats.incValue('httpcache/revalidate');
      return cached;
    }
    this.#stats.incValue('httpcache/invalidate');
    await this.#store(spider, request, response);
    return response;
  }

  /** A network failure (not an oversized body) while revalidating falls back to the stale copy. */
  processException(request: Request, error: Error): Response | null {
    const cached: Response | undefined = request.meta.cached_response;
    delete request.meta.cached_response;
    if (!cached || !(error instanceof DownloadError) || error instanceof DownloadMaxSizeError) return null;
    this.#stats.incValue('httpcache/errorrecovery');
    return cached;
  }

  async #store(spider: Spider, request: Request, response: Response): Promise<void> {
    if (!this.policy.shouldCacheResponse(response, request)) {
      this.#stats.incValue('httpcache/uncacheable');
      return;
    }
    this.#stats.incValue('httpcache/store');
    try {
      await this.storage.storeResponse(spider, request, response);
    } catch (error) {
      // A full or read-only disk costs the cache entry, not the page.
      this.#logger.error(`Cannot store ${request} in the HTTP cache`, error);
    }
  }
}

/** `HTTPCACHE_DIR`, relative paths under `<project dir>/.arachne/` (Scrapy's `.scrapy/`). */
function cacheDir(settings: Settings): string {
  const dir = settings.get('HTTPCACHE_DIR');
  return path.isAbsolute(dir) ? dir : path.join(settings.baseDir, '.arachne', dir);
}
