/**
 * Asks for compressed responses (`Accept-Encoding`) and decodes them: gzip,
 * deflate (zlib or raw), br, and zstd where this Node has it, undoing stacked
 * encodings in reverse order. `DOWNLOAD_MAXSIZE` bounds the decoded size with
 * zlib's `maxOutputLength`, so a decompression bomb is cut off without being
 * inflated into memory. The decoded response is rebuilt as the kind its
 * content calls for (a gzipped page sniffed as binary becomes HTML).
 */
import zlib from 'node:zlib';
import { promisify } from 'node:util';
import type { CrawlerContext } from '../../component/context.js';
import type { Logger } from '../../engine/logger.js';
import type { StatsCollector } from '../../engine/stats.js';
import { Headers } from '../../http/headers.js';
import type { Request } from '../../http/request.js';
import type { Response } from '../../http/response.js';
import { buildResponse } from '../../http/responseTypes.js';
import { DownloadError, DownloadMaxSizeError, NotConfigured } from '../../errors.js';
import type { DownloaderMiddleware } from '../middlewareManager.js';

type Decoder = (body: Buffer, maxOutputLength: number | undefined) => Promise<Buffer>;

const gunzip = promisify(zlib.gunzip);
const inflate = promisify(zlib.inflate);
const inflateRaw = promisify(zlib.inflateRaw);
const brotliDecompress = promisify(zlib.brotliDecompress);
// zstd arrived in Node 22.15; feature-detected so the same code runs on Node 20.
const zstdDecompress = (zlib as { zstdDecompress?: unknown }).zstdDecompress;

// Lenient on truncated streams, as browsers: keep what decoded (Z_SYNC_FLUSH on finish) instead of failing.
const zlibOptions = (max: number | undefined): zlib.ZlibOptions => ({ finishFlush: zlib.constants.Z_SYNC_FLUSH, ...(max ? { maxOutputLength: max } : {}) });

const DECODERS = new Map<string, Decoder>([
  ['gzip', (body, max) => gunzip(body, zlibOptions(max))],
  ['x-gzip', (body, max) => gunzip(body, zlibOptions(max))],
  ['deflate', async (body, max) => {
    try {
      return await inflate(body, zlibOptions(max));
    } catch (error) {
      // Some servers send raw deflate without the zlib wrapper.
      if ((error as { code?: string }).code !== 'Z_DATA_ERROR') throw error;
      return inflateRaw(body, zlibOptions(max));
    }
  }],
  ['br', (body, max) => brotliDecompress(body, { finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH, ...(max ? { maxOutputLength: max } : {}) })],
]);
if (typeof zstdDecompress === 'function') {
  const zstd = promisify(zstdDecompress as (body: Buffer, options: object, callback: (error: Error | null, result: Buffer) => void) => void);
  DECODERS.set('zstd', (body, max) => zstd(body, max ? { maxOutputLength: max } : {}));
}

/** The `Accept-Encoding` this Node can decode. */
export const ACCEPTED_ENCODINGS = [...DECODERS.keys()].filter((name) => name !== 'x-gzip').join(', ');

export class HttpCompressionMiddleware implements DownloaderMiddleware {
  readonly #stats: StatsCollector;
  readonly #logger: Logger;
  readonly #maxSize: number;
  readonly #warnSize: number;

  constructor(crawler: CrawlerContext) {
    const { settings } = crawler;
    if (!settings.get('COMPRESSION_ENABLED')) throw new NotConfigured('COMPRESSION_ENABLED is false');
    this.#stats = crawler.stats;
    this.#logger = crawler.logger.child('downloadermiddlewares.httpcompression');
    this.#maxSize = crawler.spider.downloadMaxsize ?? settings.get('DOWNLOAD_MAXSIZE');
    this.#warnSize = crawler.spider.downloadWarnsize ?? settings.get('DOWNLOAD_WARNSIZE');
  }

  processRequest(request: Request): null {
    request.headers.setDefault('Accept-Encoding', ACCEPTED_ENCODINGS);
    return null;
  }

  async processResponse(request: Request, response: Response): Promise<Response> {
    if (request.method === 'HEAD' || response.body.length === 0 || !response.headers.has('content-encoding')) return response;
    const encodings = contentEncodings(response.headers);
    const maxSize: number = request.meta.download_maxsize ?? this.#maxSize;
    let body = response.body;
    let decoded = false;
    for (let encoding = encodings.at(-1); encoding !== undefined; encoding = encodings.at(-1)) {
      const decoder = DECODERS.get(encoding);
      if (!decoder) break; // unknown: leave it, and the encodings under it, in Content-Encoding
      body = await this.#decode(decoder, encoding, body, maxSize, response);
      encodings.pop();
      decoded = true;
    }
    if (!decoded) return response;
    this.#stats.incValue('httpcompression/response_bytes', body.length);
    this.#stats.incValue('httpcompression/response_count');
    const warnSize: number = request.meta.download_warnsize ?? this.#warnSize;
    if (warnSize > 0 && body.length > warnSize) {
      this.#logger.warning(`${response} body size after decompression (${body.length} B) is larger than the download warning size (${warnSize} B).`);
    }
    const headers = new Headers(response.headers);
    if (encodings.length > 0) headers.set('Content-Encoding', encodings.join(', '));
    else headers.delete('Content-Encoding');
    return buildResponse({
      url: response.url,
      status: response.status,
      headers,
      body,
      request,
      flags: response.flags,
      ip: response.ip,
      protocol: response.protocol,
    });
  }

  async #decode(decoder: Decoder, encoding: string, body: Buffer, maxSize: number, response: Response): Promise<Buffer> {
    try {
      return await decoder(body, maxSize > 0 ? maxSize : undefined);
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new DownloadMaxSizeError(
          `Cancelling processing of ${response.url}: its ${encoding}-decoded body is larger than the download max size (${maxSize} B); ${response.body.length} B were received`,
          response.url,
        );
      }
      throw new DownloadError(`Cannot decode the ${encoding} body of ${response.url}: ${(error as Error).message}`, response.url, { cause: error, code: 'ERR_DECOMPRESSION' });
    }
  }
}

/** Content-Encoding values in the order they were applied, lowercased, `identity` dropped. */
function contentEncodings(headers: Headers): string[] {
  return headers.getAll('content-encoding')
    .flatMap((value) => value.split(','))
    .map((value) => value.trim().toLowerCase())
    .filter((value) => value !== '' && value !== 'identity');
}
