/**
 * Counts requests, responses and download exceptions under Scrapy's
 * `downloader/*` stats keys. Byte counts approximate the HTTP/1.1 wire form
 * (request line, headers, body), computed without parsing the URL: this runs
 * on every request.
 */
import { STATUS_CODES } from 'node:http';
import type { CrawlerContext } from '../../component/context.js';
import type { StatsCollector } from '../../engine/stats.js';
import type { Headers } from '../../http/headers.js';
import type { Request } from '../../http/request.js';
import type { Response } from '../../http/response.js';
import { NotConfigured, errorTypeName } from '../../errors.js';
import type { DownloaderMiddleware } from '../middlewareManager.js';

export class DownloaderStats implements DownloaderMiddleware {
  readonly #stats: StatsCollector;

  constructor(crawler: CrawlerContext) {
    if (!crawler.settings.get('DOWNLOADER_STATS')) throw new NotConfigured('DOWNLOADER_STATS is false');
    this.#stats = crawler.stats;
  }

  processRequest(request: Request): null {
    const stats = this.#stats;
    stats.incValue('downloader/request_count');
    stats.incValue(`downloader/request_method_count/${request.method}`);
    stats.incValue('downloader/request_bytes', requestSize(request));
    return null;
  }

  processResponse(_request: Request, response: Response): Response {
    const stats = this.#stats;
    stats.incValue('downloader/response_count');
    stats.incValue(`downloader/response_status_count/${response.status}`);
    stats.incValue('downloader/response_bytes', responseSize(response));
    return response;
  }

  processException(_request: Request, error: Error): null {
    this.#stats.incValue('downloader/exception_count');
    this.#stats.incValue(`downloader/exception_type_count/${errorTypeName(error)}`);
    return null;
  }
}

const CRLF = 2;

/** `METHOD /path?query HTTP/1.1`, `Host: host`, the headers, a blank line and the body. */
function requestSize(request: Request): number {
  const { url } = request;
  const authorityStart = url.indexOf('//') + 2;
  let pathStart = url.indexOf('/', authorityStart);
  if (pathStart < 0) pathStart = url.length;
  const hashAt = url.indexOf('#', pathStart);
  const pathLength = Math.max(1, (hashAt < 0 ? url.length : hashAt) - pathStart);
  const hostLength = pathStart - authorityStart;
  return request.method.length + 1 + pathLength + ' HTTP/1.1'.length + CRLF
    + 'Host: '.length + hostLength + CRLF
    + headersSize(request.headers) + CRLF
    + (request.body?.length ?? 0);
}

/** `HTTP/1.1 200 OK`, the headers, a blank line and the body. */
function responseSize(response: Response): number {
  const reason = STATUS_CODES[response.status] ?? '';
  return 'HTTP/1.1 200 '.length + reason.length + CRLF + headersSize(response.headers) + CRLF + response.body.length;
}

function headersSize(headers: Headers): number {
  let size = 0;
  for (const [name, value] of headers) size += name.length + 2 + value.length + CRLF;
  return size;
}
