/**
 * Retries requests that failed for reasons likely to be temporary (a
 * `RETRY_HTTP_CODES` status, a connection error, a timeout, a body cut
 * short), as Scrapy's RetryMiddleware. Beyond Scrapy, a retry waits: the
 * server's Retry-After on 429/503, else exponential backoff with full jitter
 * (`RETRY_BACKOFF_BASE`, capped by `RETRY_BACKOFF_MAX`). The wait is a
 * not-before time in `meta.download_delay_until` that the downloader honours
 * without holding a concurrency slot, so other requests keep flowing.
 */
import { STATUS_CODES } from 'node:http';
import type { CrawlerContext } from '../../component/context.js';
import type { Logger } from '../../engine/logger.js';
import { describeError } from '../../engine/logger.js';
import type { Request } from '../../http/request.js';
import type { Response } from '../../http/response.js';
import type { Spider } from '../../spiders/spider.js';
import { DownloadError, DownloadMaxSizeError, DownloadTimeoutError, NotConfigured, errorTypeName } from '../../errors.js';
import type { DownloaderMiddleware } from '../middlewareManager.js';
import { parseRetryAfter, retryDelay } from './retryDelay.js';

/** Wire-level error codes worth a retry: connection failures, DNS failures, resets and bodies cut short. */
export const RETRY_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN',
  'EHOSTUNREACH', 'ENETUNREACH', 'ENETRESET', 'ERR_STREAM_PREMATURE_CLOSE',
]);

/** Statuses whose Retry-After header sets the delay. */
const RETRY_AFTER_STATUSES = new Set([429, 503]);

export function isRetryableError(error: Error): boolean {
  if (error instanceof DownloadTimeoutError) return true;
  if (error instanceof DownloadMaxSizeError) return false;
  return error instanceof DownloadError && RETRY_ERROR_CODES.has(error.code);
}

export interface RetryOptions {
  spider: Spider;
  /** Why: a short text (stats key suffix) or the error. */
  reason: string | Error;
  /** Default: `meta.max_retry_times`, else `RETRY_TIMES`. */
  maxRetryTimes?: number;
  /** Default: `RETRY_PRIORITY_ADJUST`. */
  priorityAdjust?: number;
  /** Seconds the server asked to wait (Retry-After). */
  retryAfter?: number | null;
  logger?: Logger;
  statsBaseKey?: string;
}

/**
 * A copy of `request` to retry, or null once its retries are used up (as
 * Scrapy's `get_retry_request`); usable from a callback:
 * `return getRetryRequest(response.request, { spider: this, reason: 'empty page' })`.
 */
export function getRetryRequest(request: Request, options: RetryOptions): Request | null {
  const { crawler } = options.spider;
  const { settings, stats } = crawler;
  const logger = options.logger ?? crawler.logger.child('downloadermiddlewares.retry');
  const statsBaseKey = options.statsBaseKey ?? 'retry';
  const retryTimes = (Number(request.meta.retry_times) || 0) + 1;
  const maxRetryTimes = options.maxRetryTimes ?? request.meta.max_retry_times ?? settings.get('RETRY_TIMES');
  const reasonText = typeof options.reason === 'string' ? options.reason : describeError(options.reason);
  if (retryTimes > maxRetryTimes) {
    stats.incValue(`${statsBaseKey}/max_reached`);
    // DEBUG only: the final failure is reported once, by the engine (errors) or the HttpError middleware (statuses).
    logger.debug(`Gave up retrying ${request} (failed ${retryTimes} times): ${reasonText}`);
    return null;
  }
  const delay = retryDelay(retryTimes, {
    base: settings.get('RETRY_BACKOFF_BASE'),
    max: settings.get('RETRY_BACKOFF_MAX'),
    retryAfter: options.retryAfter ?? null,
  });
  logger.debug(`Retrying ${request} (failed ${retryTimes} times): ${reasonText}${delay > 0 ? `; next attempt in ${delay.toFixed(2)} s` : ''}`);
  const retry = request.replace({
    dontFilter: true,
    priority: request.priority + (options.priorityAdjust ?? settings.get('RETRY_PRIORITY_ADJUST')),
  });
  retry.meta.retry_times = retryTimes;
  if (delay > 0) retry.meta.download_delay_until = Date.now() + delay * 1000;
  else delete retry.meta.download_delay_until;
  const reasonKey = typeof options.reason === 'string' ? options.reason : errorTypeName(options.reason);
  stats.incValue(`${statsBaseKey}/count`);
  stats.incValue(`${statsBaseKey}/reason_count/${reasonKey}`);
  return retry;
}

export class RetryMiddleware implements DownloaderMiddleware {
  readonly #logger: Logger;
  readonly #maxRetryTimes: number;
  readonly #priorityAdjust: number;
  readonly #httpCodes: ReadonlySet<number>;

  constructor(crawler: CrawlerContext) {
    const { settings } = crawler;
    if (!settings.get('RETRY_ENABLED')) throw new NotConfigured('RETRY_ENABLED is false');
    this.#logger = crawler.logger.child('downloadermiddlewares.retry');
    this.#maxRetryTimes = settings.get('RETRY_TIMES');
    this.#priorityAdjust = settings.get('RETRY_PRIORITY_ADJUST');
    this.#httpCodes = new Set(settings.get('RETRY_HTTP_CODES').map(Number));
  }

  processResponse(request: Request, response: Response, spider: Spider): Response | Request {
    if (request.meta.dont_retry || !this.#httpCodes.has(response.status)) return response;
    const retryAfter = RETRY_AFTER_STATUSES.has(response.status) ? parseRetryAfter(response.headers.get('retry-after')) : null;
    return this.#retry(request, statusMessage(response.status), spider, retryAfter) ?? response;
  }

  processException(request: Request, error: Error, spider: Spider): Request | null {
    if (request.meta.dont_retry || !isRetryableError(error)) return null;
    return this.#retry(request, error, spider, null);
  }

  #retry(request: Request, reason: string | Error, spider: Spider, retryAfter: number | null): Request | null {
    return getRetryRequest(request, {
      spider,
      reason,
      retryAfter,
      maxRetryTimes: request.meta.max_retry_times ?? this.#maxRetryTimes,
      priorityAdjust: request.meta.priority_adjust ?? this.#priorityAdjust,
      logger: this.#logger,
    });
  }
}

/** "503 Service Unavailable", as Scrapy's `response_status_message`. */
export function statusMessage(status: number): string {
  return `${status} ${STATUS_CODES[status] ?? 'Unknown Status'}`;
}
