import { once } from 'node:events';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Spider } from '../../spiders/spider.js';
import { Request, type RequestInit } from '../../http/request.js';
import { TextResponse, type Response } from '../../http/response.js';
import { ACCEPTED_ENCODINGS } from './httpCompression.js';
import { crawl, startServer, type TestServer } from '../../../test/support/testServer.js';

const PAGE = '<html><head><title>Squeezed</title></head><body><p>hello</p></body></html>';
const BOMB_BYTES = 100 << 20;

/** `bytes` zeros through a compressor, streamed so the test itself never holds the inflated size. */
async function compressZeros(compressor: zlib.Gzip | zlib.BrotliCompress, bytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  compressor.on('data', (chunk: Buffer) => chunks.push(chunk));
  const zero = Buffer.alloc(1 << 16);
  for (let written = 0; written < bytes; written += zero.length) {
    if (!compressor.write(zero)) await once(compressor, 'drain');
  }
  compressor.end();
  await once(compressor, 'end');
  return Buffer.concat(chunks);
}

describe('HttpCompressionMiddleware', () => {
  let server: TestServer;
  const bodies = new Map<string, { body: Buffer; encoding: string | string[]; type?: string }>();
  beforeAll(async () => {
    const page = Buffer.from(PAGE);
    bodies.set('/gzip', { body: zlib.gzipSync(page), encoding: 'gzip', type: 'application/octet-stream' });
    bodies.set('/x-gzip', { body: zlib.gzipSync(page), encoding: 'x-gzip', type: 'text/html' });
    bodies.set('/deflate', { body: zlib.deflateSync(page), encoding: 'deflate', type: 'text/html' });
    bodies.set('/deflate-raw', { body: zlib.deflateRawSync(page), encoding: 'deflate', type: 'text/html' });
    bodies.set('/br', { body: zlib.brotliCompressSync(page), encoding: 'br', type: 'text/html' });
    bodies.set('/stacked', { body: zlib.brotliCompressSync(zlib.gzipSync(page)), encoding: 'gzip, br', type: 'text/html' });
    bodies.set('/stacked-lines', { body: zlib.brotliCompressSync(zlib.gzipSync(page)), encoding: ['gzip', 'br'], type: 'text/html' });
    bodies.set('/unknown-inner', { body: zlib.gzipSync(page), encoding: 'compress, gzip', type: 'text/html' });
    bodies.set('/unknown-outer', { body: zlib.gzipSync(page), encoding: 'gzip, compress', type: 'text/html' });
    bodies.set('/identity', { body: page, encoding: 'identity', type: 'text/html' });
    bodies.set('/malformed', { body: Buffer.from('this is not gzip at all'), encoding: 'gzip', type: 'text/html' });
    bodies.set('/gzip-bomb', { body: await compressZeros(zlib.createGzip({ level: 9 }), BOMB_BYTES), encoding: 'gzip' });
    bodies.set('/br-bomb', {
      body: await compressZeros(zlib.createBrotliCompress({ params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 } }), BOMB_BYTES),
      encoding: 'br',
    });
    server = await startServer((req, res) => {
      const entry = bodies.get(new URL(req.url ?? '/', 'http://x').pathname);
      if (!entry) {
        res.writeHead(200, { 'Content-Type': 'text/plain' }).end('plain');
        return;
      }
      res.writeHead(200, { 'Content-Type': entry.type ?? 'application/octet-stream', 'Content-Encoding': entry.encoding }).end(entry.body);
    });
  });
  afterAll(() => server.close());

  async function fetchAll(inits: RequestInit[], settings: Record<string, unknown> = {}) {
    class S extends Spider {
      name = 'compression';
      override async *start() {
        for (const init of inits) yield new Request(init);
      }
      override parse(response: Response) {
        const text = response instanceof TextResponse;
        return [{
          path: new URL(response.url).pathname,
          kind: response.constructor.name,
          title: text ? response.css('title::text').get() : null,
          encoding: response.headers.get('content-encoding'),
          size: response.body.length,
        }];
      }
    }
    const result = await crawl(S, settings);
    result.items.sort((a, b) => (a.path < b.path ? -1 : 1));
    return result;
  }

  it('asks for the encodings it can decode, keeping a request\'s own Accept-Encoding', async () => {
    const zstd = typeof (zlib as { zstdDecompress?: unknown }).zstdDecompress === 'function';
    expect(ACCEPTED_ENCODINGS).toBe(zstd ? 'gzip, deflate, br, zstd' : 'gzip, deflate, br');
    await fetchAll([{ url: `${server.url}/ae-default` }, { url: `${server.url}/ae-own`, headers: { 'Accept-Encoding': 'identity' } }]);
    const sent = (path: string) => server.received.find((r) => r.path === path)!.headers['accept-encoding'];
    expect(sent('/ae-default')).toBe(ACCEPTED_ENCODINGS);
    expect(sent('/ae-own')).toBe('identity');
  });

  it('decodes gzip, x-gzip, deflate (zlib and raw), br and stacked encodings into the right response kind', async () => {
    const paths = ['/br', '/deflate', '/deflate-raw', '/gzip', '/stacked', '/stacked-lines', '/x-gzip'];
    const result = await fetchAll(paths.map((path) => ({ url: `${server.url}${path}` })));
    expect(result.items).toEqual(paths.map((path) => ({ path, kind: 'HtmlResponse', title: 'Squeezed', encoding: null, size: PAGE.length })));
    expect(result.stat('httpcompression/response_count')).toBe(paths.length);
    expect(result.stat('httpcompression/response_bytes')).toBe(paths.length * PAGE.length);
  });

  it('leaves unknown and identity encodings in place', async () => {
    const paths = ['/identity', '/unknown-inner', '/unknown-outer'];
    const result = await fetchAll(paths.map((path) => ({ url: `${server.url}${path}` })));
    expect(result.items).toMatchObject([
      { path: '/identity', title: 'Squeezed', encoding: 'identity', size: PAGE.length },
      // gzip (outermost) is undone; the unknown `compress` under it stays declared
      { path: '/unknown-inner', title: 'Squeezed', encoding: 'compress', size: PAGE.length },
      // the outermost encoding is unknown: nothing can be undone
      { path: '/unknown-outer', encoding: 'gzip, compress', size: bodies.get('/unknown-outer')!.body.length },
    ]);
    expect(result.stat('httpcompression/response_count')).toBe(1);
  });

  it('does not decode HEAD responses, nor anything when COMPRESSION_ENABLED is off', async () => {
    const head = await fetchAll([{ url: `${server.url}/gzip`, method: 'HEAD' }]);
    expect(head.items).toMatchObject([{ path: '/gzip', encoding: 'gzip', size: 0 }]);
    const off = await fetchAll([{ url: `${server.url}/gzip` }, { url: `${server.url}/ae-off` }], { COMPRESSION_ENABLED: false });
    expect(off.items[0]).toMatchObject({ path: '/ae-off' });
    expect(off.items[1]).toMatchObject({ path: '/gzip', kind: 'Response', encoding: 'gzip' });
    expect(server.received.find((r) => r.path === '/ae-off')!.headers['accept-encoding']).toBeUndefined();
  });

  it('cuts a decompression bomb off at DOWNLOAD_MAXSIZE without inflating it, counts and logs it once, and goes on', async () => {
    const peak = { rss: process.memoryUsage().rss };
    const baseline = peak.rss;
    const sampler = setInterval(() => {
      peak.rss = Math.max(peak.rss, process.memoryUsage().rss);
    }, 5);
    const result = await fetchAll(
      [{ url: `${server.url}/gzip-bomb` }, { url: `${server.url}/br-bomb` }, { url: `${server.url}/gzip` }],
      { DOWNLOAD_MAXSIZE: 1 << 20 },
    );
    clearInterval(sampler);
    expect(bodies.get('/gzip-bomb')!.body.length).toBeLessThan(1 << 20); // the transfer itself is under the limit
    expect(result.items).toMatchObject([{ path: '/gzip', title: 'Squeezed' }]);
    expect(result.stat('downloader/failure_type_count/DownloadMaxSizeError')).toBe(2);
    expect(result.stat('request_dropped_count')).toBeUndefined();
    const errors = result.log.split('\n').filter((line) => line.includes('ERROR:'));
    expect(errors).toHaveLength(2);
    expect(errors.join('\n')).toContain(`Error downloading <GET ${server.url}/gzip-bomb>: DownloadMaxSizeError: Cancelling processing of ${server.url}/gzip-bomb: its gzip-decoded body is larger than the download max size (1048576 B)`);
    expect(errors.join('\n')).toContain('its br-decoded body is larger');
    expect(peak.rss - baseline).toBeLessThan(BOMB_BYTES / 2);
  });

  it('applies meta.download_maxsize and warns past DOWNLOAD_WARNSIZE on the decoded size', async () => {
    const perRequest = await fetchAll([{ url: `${server.url}/gzip`, meta: { download_maxsize: 10 } }]);
    expect(perRequest.items).toEqual([]);
    expect(perRequest.stat('downloader/failure_type_count/DownloadMaxSizeError')).toBe(1);
    const warned = await fetchAll([{ url: `${server.url}/gzip` }], { DOWNLOAD_WARNSIZE: 20 });
    expect(warned.items).toHaveLength(1);
    expect(warned.log).toContain(`WARNING: <200 ${server.url}/gzip> body size after decompression (${PAGE.length} B) is larger than the download warning size (20 B).`);
  });

  it('reports malformed compressed data with the URL and encoding, counts it, and goes on', async () => {
    const result = await fetchAll([{ url: `${server.url}/malformed` }, { url: `${server.url}/br` }]);
    expect(result.items).toMatchObject([{ path: '/br', title: 'Squeezed' }]);
    expect(result.stat('downloader/failure_type_count/DownloadError')).toBe(1);
    expect(result.log).toContain(`ERROR: Error downloading <GET ${server.url}/malformed>: DownloadError: Cannot decode the gzip body of ${server.url}/malformed: incorrect header check`);
    expect(result.stat('retry/count')).toBeUndefined();
  });
});
