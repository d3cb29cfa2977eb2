/**
 * Keeps responses with a non-2xx status away from callbacks, unless allowed by
 * `HTTPERROR_ALLOWED_CODES`, `HTTPERROR_ALLOW_ALL`, the spider's
 * `handleHttpstatusList`, or the request's `meta.handle_httpstatus_list` /
 * `meta.handle_httpstatus_all`. A refused response goes to the request's
 * errback as an `HttpError`; without one, it is counted, logged and ignored.
 */
import type { CrawlerContext } from '../component/context.js';
import type { Response } from '../http/response.js';
import type { Spider } from '../spiders/spider.js';
import { IgnoreRequest } from '../errors.js';
import type { SpiderMiddleware } from './middlewareManager.js';

/** A response was refused for its HTTP status; `failure.error` in an errback. */
export class HttpError extends IgnoreRequest {
  override readonly code = 'ERR_HTTP_ERROR';
  constructor(readonly response: Response, message = `Ignoring non-2xx response ${response}`) {
    super(message, { reason: 'httperror' });
  }
}

export class HttpErrorMiddleware implements SpiderMiddleware {
  readonly #crawler: CrawlerContext;
  readonly #allowAll: boolean;
  readonly #allowedCodes: readonly number[];

  constructor(crawler: CrawlerContext) {
    this.#crawler = crawler;
    this.#allowAll = crawler.settings.get('HTTPERROR_ALLOW_ALL');
    this.#allowedCodes = crawler.settings.get('HTTPERROR_ALLOWED_CODES');
  }

  processSpiderInput(response: Response, spider: Spider): void {
    if (response.status >= 200 && response.status < 300) return;
    const meta = response.meta;
    if (meta.handle_httpstatus_all) return;
    let allowed: readonly number[];
    if (Array.isArray(meta.handle_httpstatus_list)) allowed = meta.handle_httpstatus_list;
    else if (this.#allowAll) return;
    else allowed = spider.handleHttpstatusList ?? this.#allowedCodes;
    if (allowed.includes(response.status)) return;
    throw new HttpError(response);
  }

  processSpiderException(response: Response, error: Error): [] | null {
    if (!(error instanceof HttpError)) return null;
    const { stats, logger } = this.#crawler;
    stats.incValue('httperror/response_ignored_count');
    stats.incValue(`httperror/response_ignored_status_count/${response.status}`);
    logger.info(`Ignoring response ${response}: HTTP status code is not handled or not allowed`);
    return [];
  }
}
