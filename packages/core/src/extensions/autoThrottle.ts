/**
 * Adapts each download slot's delay to the server's latency, with Scrapy's
 * algorithm: to keep `AUTOTHROTTLE_TARGET_CONCURRENCY` requests in flight on
 * a server that answers in `latency` seconds, send one every
 * `latency / concurrency` seconds. New slots start at
 * `AUTOTHROTTLE_START_DELAY`; the delay stays within
 * [`DOWNLOAD_DELAY`, `AUTOTHROTTLE_MAX_DELAY`]. Latency is the handler's
 * `meta.download_latency` (request sent → response headers), so cached
 * responses, which have none, change nothing.
 */
import type { CrawlerContext } from '../component/context.js';
import type { Request } from '../http/request.js';
import type { Response } from '../http/response.js';
import type { Slot } from '../downloader/slot.js';
import { NotConfigured } from '../errors.js';

export interface ThrottleLimits {
  minDelay: number;
  maxDelay: number;
  targetConcurrency: number;
}

/** The slot's next delay (seconds) after a response that took `latency` seconds. */
export function nextThrottleDelay(delay: number, latency: number, status: number, limits: ThrottleLimits): number {
  const target = latency / limits.targetConcurrency;
  // Move halfway towards the target, but jump straight up to it: slow servers get relief at once.
  const next = Math.min(Math.max(limits.minDelay, target, (delay + target) / 2), limits.maxDelay);
  // Error pages and redirects are small and fast: letting them lower the delay would feed on itself.
  if (status !== 200 && next <= delay) return delay;
  return next;
}

export class AutoThrottle {
  readonly #crawler: CrawlerContext;
  readonly #limits: ThrottleLimits;
  readonly #startDelay: number;
  readonly #debug: boolean;
  /** Slots whose delay this extension has taken over (a slot collected when idle is started afresh). */
  readonly #throttled = new WeakSet<Slot>();

  constructor(crawler: CrawlerContext) {
    const { settings, signals } = crawler;
    if (!settings.get('AUTOTHROTTLE_ENABLED')) throw new NotConfigured('AUTOTHROTTLE_ENABLED is false');
    this.#crawler = crawler;
    const minDelay = settings.get('DOWNLOAD_DELAY');
    this.#limits = {
      minDelay,
      maxDelay: settings.get('AUTOTHROTTLE_MAX_DELAY'),
      targetConcurrency: settings.get('AUTOTHROTTLE_TARGET_CONCURRENCY'),
    };
    if (!(this.#limits.targetConcurrency > 0)) throw new NotConfigured('AUTOTHROTTLE_TARGET_CONCURRENCY must be above 0');
    this.#startDelay = Math.max(minDelay, settings.get('AUTOTHROTTLE_START_DELAY'));
    this.#debug = settings.get('AUTOTHROTTLE_DEBUG');
    signals.on('requestReachedDownloader', ({ request }) => this.#takeOver(request));
    signals.on('responseDownloaded', ({ response, request }) => this.#adjust(request, response));
  }

  /** Give a slot the start delay before its first request goes out. */
  #takeOver(request: Request): void {
    const slot = this.#crawler.engine.downloader.slotFor(request);
    if (this.#throttled.has(slot)) return;
    this.#throttled.add(slot);
    slot.delay = this.#startDelay;
  }

  #adjust(request: Request, response: Response): void {
    const latency: unknown = request.meta.download_latency;
    if (typeof latency !== 'number' || request.meta.autothrottle_dont_adjust_delay === true) return;
    const { downloader } = this.#crawler.engine;
    const key = downloader.slotKeyFor(request);
    const slot = downloader.slots.get(key);
    if (!slot || !this.#throttled.has(slot)) return;
    const previous = slot.delay;
    slot.delay = nextThrottleDelay(previous, latency, response.status, this.#limits);
    if (this.#debug) {
      const ms = (seconds: number) => Math.round(seconds * 1000);
      const diff = ms(slot.delay - previous);
      this.#crawler.logger.info(
        `slot: ${key} | conc:${String(slot.queue.pending).padStart(2)} | delay:${String(ms(slot.delay)).padStart(5)} ms (${diff >= 0 ? '+' : ''}${diff}) | latency:${String(ms(latency)).padStart(5)} ms | size:${String(response.body.length).padStart(6)} bytes`,
      );
    }
  }
}
