/**
 * The downloader: routes each request to its slot (per domain, or
 * `meta.download_slot`), runs it through the downloader middlewares and the
 * scheme's handler, and tracks what is in flight so the engine can back off
 * at `CONCURRENT_REQUESTS`.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Request } from '../http/request.js';
import type { Response } from '../http/response.js';
import type { CrawlerContext } from '../component/context.js';
import { DownloaderMiddlewareManager } from './middlewareManager.js';
import { Slot } from './slot.js';
import type { DownloadHandler } from './handlers/handler.js';
import type { NamedComponent } from '../component/build.js';
import type { Spider } from '../spiders/spider.js';
import { IgnoreRequest } from '../errors.js';
import { hostOf } from '../utils/url.js';

const SLOT_IDLE_MS = 60_000;

export class Downloader {
  readonly slots = new Map<string, Slot>();
  /** Requests inside the downloader: queued in a slot or transferring. */
  readonly active = new Set<Request>();
  readonly #crawler: CrawlerContext;
  readonly #spider: Spider;
  readonly #middleware: DownloaderMiddlewareManager;
  readonly #handlers: Map<string, DownloadHandler>;
  readonly #totalConcurrency: number;
  readonly #domainConcurrency: number;
  readonly #delay: number;
  readonly #randomizeDelay: boolean;
  #gcTimer: NodeJS.Timeout;

  constructor(crawler: CrawlerContext, spider: Spider, middleware: DownloaderMiddlewareManager, handlers: Map<string, NamedComponent<DownloadHandler>>) {
    this.#crawler = crawler;
    this.#spider = spider;
    this.#middleware = middleware;
    const { settings } = crawler;
    this.#totalConcurrency = settings.get('CONCURRENT_REQUESTS');
    this.#domainConcurrency = settings.get('CONCURRENT_REQUESTS_PER_DOMAIN');
    this.#delay = spider.downloadDelay ?? settings.get('DOWNLOAD_DELAY');
    this.#randomizeDelay = settings.get('RANDOMIZE_DOWNLOAD_DELAY');
    this.#handlers = new Map([...handlers].map(([scheme, { instance }]) => [scheme, instance]));
    this.#gcTimer = setInterval(() => this.#collectIdleSlots(), SLOT_IDLE_MS).unref();
  }

  get middleware(): DownloaderMiddlewareManager {
    return this.#middleware;
  }

  /** True when the engine should stop handing us requests. */
  needsBackout(): boolean {
    return this.active.size >= this.#totalConcurrency;
  }

  /** Download through middlewares; resolves to a Response, or a Request the middlewares want scheduled instead. */
  async fetch(request: Request): Promise<Response | Request> {
    const { signals } = this.#crawler;
    const spider = this.#spider;
    // A retry's not-before time (RetryMiddleware's backoff or Retry-After): wait before joining `active`,
    // so the wait holds no concurrency and other requests keep flowing; the engine still counts it in progress.
    const notBefore = request.meta.download_delay_until;
    if (typeof notBefore === 'number' && notBefore > Date.now()) await sleep(notBefore - Date.now());
    this.active.add(request);
    signals.send('requestReachedDownloader', { request, spider });
    try {
      return await this.#middleware.download(request, spider, (req) => this.#enqueue(req));
    } finally {
      this.active.delete(request);
      signals.send('requestLeftDownloader', { request, spider });
    }
  }

  slotKeyFor(request: Request): string {
    const key = request.meta.download_slot;
    return typeof key === 'string' ? key : hostOf(request.url);
  }

  slotFor(request: Request): Slot {
    const key = this.slotKeyFor(request);
    let slot = this.slots.get(key);
    if (!slot) {
      slot = new Slot(key, this.#domainConcurrency, this.#delay, this.#randomizeDelay);
      this.slots.set(key, slot);
    }
    return slot;
  }

  #enqueue(request: Request): Promise<Response> {
    const slot = this.slotFor(request);
    return slot.run(() => this.#download(request));
  }

  async #download(request: Request): Promise<Response> {
    const scheme = request.url.slice(0, request.url.indexOf(':')).toLowerCase();
    const handler = this.#handlers.get(scheme);
    if (!handler) throw new IgnoreRequest(`Unsupported URL scheme '${scheme}': no download handler for ${request.url}`, { reason: 'unsupported_scheme' });
    const response = await handler.download(request, this.#spider);
    this.#crawler.signals.send('responseDownloaded', { response, request, spider: this.#spider });
    return response;
  }

  #collectIdleSlots(): void {
    const now = Date.now();
    for (const [key, slot] of this.slots) {
      if (slot.active === 0 && now - slot.lastSeen > SLOT_IDLE_MS) this.slots.delete(key);
    }
  }

  async close(): Promise<void> {
    clearInterval(this.#gcTimer);
    for (const handler of new Set(this.#handlers.values())) await handler.close?.();
  }
}
