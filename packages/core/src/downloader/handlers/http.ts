/**
 * HTTP(S) download handler on got, with keep-alive agents shared across the
 * crawl. got's retries, redirects, decompression and error-on-status are all
 * off: those are downloader middlewares, as in Scrapy. The body is read as a
 * stream so `DOWNLOAD_MAXSIZE` aborts a transfer as soon as it is exceeded.
 * `meta.proxy` routes a request through a proxy (see `ProxyAgents`).
 */
import http from 'node:http';
import https from 'node:https';
import got, { type Got, type RequestFunction, RequestError } from 'got';
import { Headers } from '../../http/headers.js';
import type { Request } from '../../http/request.js';
import type { Response } from '../../http/response.js';
import { buildResponse } from '../../http/responseTypes.js';
import { DownloadError, DownloadMaxSizeError, DownloadTimeoutError } from '../../errors.js';
import type { CrawlerContext } from '../../component/context.js';
import type { Spider } from '../../spiders/spider.js';
import type { DownloadHandler } from './handler.js';
import { ProxyAgents } from './proxyAgents.js';

export class HttpDownloadHandler implements DownloadHandler {
  readonly #client: Got;
  readonly #agents: { http: http.Agent; https: https.Agent };
  readonly #proxies: ProxyAgents;
  readonly #crawler: CrawlerContext;
  readonly #timeout: number;
  readonly #maxSize: number;
  readonly #warnSize: number;
  readonly #failOnDataLoss: boolean;

  constructor(crawler: CrawlerContext) {
    this.#crawler = crawler;
    const { settings } = crawler;
    this.#timeout = settings.get('DOWNLOAD_TIMEOUT');
    this.#maxSize = crawler.spider.downloadMaxsize ?? settings.get('DOWNLOAD_MAXSIZE');
    this.#warnSize = crawler.spider.downloadWarnsize ?? settings.get('DOWNLOAD_WARNSIZE');
    this.#failOnDataLoss = settings.get('DOWNLOAD_FAIL_ON_DATALOSS');
    const maxSockets = Math.max(settings.get('CONCURRENT_REQUESTS'), 1);
    this.#agents = {
      http: new http.Agent({ keepAlive: true, maxSockets, scheduling: 'lifo' }),
      // Scrapy does not verify TLS certificates by default; crawlers meet many broken ones.
      https: new https.Agent({ keepAlive: true, maxSockets, scheduling: 'lifo', rejectUnauthorized: false }),
    };
    this.#proxies = new ProxyAgents({ keepAlive: true, maxSockets, scheduling: 'lifo' });
    this.#client = got.extend({
      agent: this.#agents,
      retry: { limit: 0 },
      followRedirect: false,
      decompress: false,
      throwHttpErrors: false,
      allowGetBody: true,
      cache: false,
      http2: false,
      request: requestWithDefinedOptions,
      mutableDefaults: true, // until cacheOptions is emptied below
    });
    // Node 20's V8 builds a new hidden class, property by property, each time an object literal that
    // starts with a spread of a non-empty object goes on with more properties. got's
    // createNativeRequestOptions spreads `cacheOptions` (four keys, unused: the cache is off) before 33
    // more, which cost about 40 µs of CPU a request (docs/benchmark.md). Spreading an empty object is free.
    this.#client.defaults.options.cacheOptions = {};
    this.#client.defaults.options.freeze();
  }

  download(request: Request, spider: Spider): Promise<Response> {
    const meta = request.meta;
    const timeoutSeconds: number = meta.download_timeout ?? this.#timeout;
    const maxSize: number = meta.download_maxsize ?? this.#maxSize;
    const warnSize: number = meta.download_warnsize ?? this.#warnSize;
    const failOnDataLoss: boolean = meta.download_fail_on_dataloss ?? this.#failOnDataLoss;
    const { signals } = this.#crawler;
    const headers = request.headers.toObject();
    // got adds its own User-Agent when none is set; an empty one is sent as-is by Node, so drop it explicitly.
    if (!request.headers.has('user-agent')) headers['user-agent'] = undefined as unknown as string;

    return new Promise<Response>((resolve, reject) => {
      const started = performance.now();
      const proxy: string | null | undefined = meta.proxy;
      // `client(url, { isStream })` is what `client.stream()` does, without its spread of these options into a new object.
      const stream = this.#client(request.url, {
        isStream: true,
        method: request.method as 'GET',
        headers,
        body: request.body ?? undefined,
        timeout: timeoutSeconds > 0 ? { request: timeoutSeconds * 1000 } : {},
        ...(proxy ? this.#proxies.route(proxy, request.url, headers) : undefined),
      });
      // With allowGetBody, got's duplex stream waits for its writable side to end before sending a bodiless request.
      if (request.body === null) stream.end();
      const chunks: Buffer[] = [];
      let received = 0;
      let warned = false;
      let settled = false;
      const fail = (error: Error) => {
        if (settled) return;
        settled = true;
        stream.destroy();
        reject(error);
      };

      stream.on('response', (res: http.IncomingMessage) => {
        meta.download_latency = (performance.now() - started) / 1000; // seconds to the headers, as Scrapy (AutoThrottle reads it)
        if (signals.hasListeners('headersReceived')) {
          signals.send('headersReceived', { headers: res.headers, status: res.statusCode ?? 0, request, spider });
        }
        const expected = Number(res.headers['content-length']);
        if (maxSize > 0 && expected > maxSize) {
          fail(new DownloadMaxSizeError(`Cancelling download of ${request.url}: expected response size (${expected}) larger than download max size (${maxSize})`, request.url));
        } else if (warnSize > 0 && expected > warnSize) {
          warned = true;
          this.#crawler.logger.warning(`Expected response size (${expected}) larger than download warn size (${warnSize}) in request ${request}`);
        }
      });
      stream.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (maxSize > 0 && received > maxSize) {
          fail(new DownloadMaxSizeError(`Cancelling download of ${request.url}: received response size (${received}) larger than download max size (${maxSize})`, request.url));
          return;
        }
        if (!warned && warnSize > 0 && received > warnSize) {
          warned = true;
          this.#crawler.logger.warning(`Received more bytes than download warn size (${warnSize}) in request ${request}`);
        }
        chunks.push(chunk);
        if (signals.hasListeners('bytesReceived')) signals.send('bytesReceived', { data: chunk, request, spider });
      });
      stream.on('error', (error: Error) => {
        if (settled) return;
        const response = stream.response;
        // A body cut short (server closed early): keep what arrived, flagged, when the user allows data loss.
        if (!failOnDataLoss && response && isDataLoss(error)) {
          settled = true;
          resolve(this.#buildResponse(request, response, Buffer.concat(chunks, received), ['dataloss']));
          return;
        }
        fail(wrapError(error, request, timeoutSeconds));
      });
      stream.on('end', () => {
        if (settled) return;
        settled = true;
        resolve(this.#buildResponse(request, stream.response!, Buffer.concat(chunks, received), []));
      });
    });
  }

  #buildResponse(request: Request, res: http.IncomingMessage, body: Buffer, flags: string[]): Response {
    return buildResponse({
      url: request.url,
      status: res.statusCode ?? 0,
      headers: new Headers(pairs(res.rawHeaders)),
      body,
      request,
      flags,
      ip: res.socket?.remoteAddress ?? null,
      protocol: `HTTP/${res.httpVersion}`,
    });
  }

  close(): void {
    this.#agents.http.destroy();
    this.#agents.https.destroy();
    this.#proxies.destroy();
  }
}

/**
 * got's request function (its default picks `http.request` or `https.request`
 * the same way), given only the options got set: got fills in all 34 it knows,
 * mostly undefined, and Node's agent copies every one of them again per request.
 */
const requestWithDefinedOptions: RequestFunction = (url, options, callback) => {
  const defined: Record<string, unknown> = {};
  for (const key in options) {
    const value = options[key as keyof typeof options];
    if (value !== undefined) defined[key] = value;
  }
  return (url.protocol === 'https:' ? https : http).request(url, defined, callback);
};

function* pairs(raw: string[]): Iterable<[string, string]> {
  for (let i = 0; i + 1 < raw.length; i += 2) yield [raw[i]!, raw[i + 1]!];
}

function isDataLoss(error: Error): boolean {
  const code = (error as { code?: string }).code;
  return code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ECONNRESET';
}

/** got's errors, renamed to ours with the wire-level code kept (ECONNREFUSED, ETIMEDOUT, ...). */
function wrapError(error: Error, request: Request, timeoutSeconds: number): DownloadError {
  if (error instanceof DownloadError) return error;
  const code = error instanceof RequestError ? error.code : (error as { code?: string }).code;
  if (error.name === 'TimeoutError' || code === 'ETIMEDOUT') {
    return new DownloadTimeoutError(`Getting ${request.url} took longer than ${timeoutSeconds} seconds`, request.url, { cause: error });
  }
  return new DownloadError(`${code ?? error.name} while downloading ${request.url}: ${error.message}`, request.url, { cause: error, code });
}
