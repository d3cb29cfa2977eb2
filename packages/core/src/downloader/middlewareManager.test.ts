import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DownloaderMiddlewareManager, type DownloaderMiddleware } from './middlewareManager.js';
import { Request } from '../http/request.js';
import { HtmlResponse, Response } from '../http/response.js';
import { Spider } from '../spiders/spider.js';
import { crawl, startServer, type TestServer } from '../../test/support/testServer.js';

class NullSpider extends Spider {
  name = 'null';
}
const spider = new NullSpider();
const request = new Request('http://example.com/page');

/** A download function that records its calls and answers 200 (or throws `fail`). */
function downloader(fail?: Error) {
  const calls: Request[] = [];
  const download = async (req: Request) => {
    calls.push(req);
    if (fail) throw fail;
    return new Response({ url: req.url, status: 200, body: 'downloaded', request: req });
  };
  return { calls, download };
}

/** A middleware that logs each hook call as `name.hook` into `log`. */
function logging(name: string, log: string[], hooks: Partial<DownloaderMiddleware> = {}): DownloaderMiddleware {
  return {
    processRequest: (req, sp) => {
      log.push(`${name}.request`);
      return hooks.processRequest?.(req, sp) ?? null;
    },
    processResponse: (req, res, sp) => {
      log.push(`${name}.response`);
      return hooks.processResponse?.(req, res, sp) ?? res;
    },
    processException: (req, error, sp) => {
      log.push(`${name}.exception`);
      return hooks.processException?.(req, error, sp) ?? null;
    },
  };
}

describe('DownloaderMiddlewareManager', () => {
  it('calls processRequest in order and processResponse in reverse order', async () => {
    const log: string[] = [];
    const manager = new DownloaderMiddlewareManager([logging('a', log), logging('b', log), logging('c', log)]);
    const { calls, download } = downloader();
    const result = await manager.download(request, spider, download);
    expect(log).toEqual(['a.request', 'b.request', 'c.request', 'c.response', 'b.response', 'a.response']);
    expect(calls).toEqual([request]);
    expect((result as Response).body.toString()).toBe('downloaded');
  });

  it('skips the download and later processRequest hooks when one returns a Response, but runs every processResponse', async () => {
    const log: string[] = [];
    const cached = new Response({ url: request.url, body: 'cached', request });
    const manager = new DownloaderMiddlewareManager([
      logging('a', log),
      logging('cache', log, { processRequest: () => cached }),
      logging('c', log),
    ]);
    const { calls, download } = downloader();
    const result = await manager.download(request, spider, download);
    expect(calls).toEqual([]);
    expect(log).toEqual(['a.request', 'cache.request', 'c.response', 'cache.response', 'a.response']);
    expect(result).toBe(cached);
  });

  it('returns a Request from processRequest without downloading or processing a response', async () => {
    const log: string[] = [];
    const other = new Request('http://example.com/other');
    const manager = new DownloaderMiddlewareManager([logging('a', log, { processRequest: () => other }), logging('b', log)]);
    const { calls, download } = downloader();
    expect(await manager.download(request, spider, download)).toBe(other);
    expect(calls).toEqual([]);
    expect(log).toEqual(['a.request']);
  });

  it('lets processResponse replace the response or return a Request', async () => {
    const log: string[] = [];
    const retry = request.replace({ dontFilter: true });
    const manager = new DownloaderMiddlewareManager([
      logging('outer', log),
      logging('retry', log, { processResponse: () => retry }),
      logging('inner', log, { processResponse: (_req, res) => res.replace({ status: 503 }) }),
    ]);
    const { download } = downloader();
    expect(await manager.download(request, spider, download)).toBe(retry);
    expect(log).toEqual(['outer.request', 'retry.request', 'inner.request', 'inner.response', 'retry.response']);
  });

  it('passes a download error to processException in reverse order; a Response recovers and goes through processResponse', async () => {
    const log: string[] = [];
    const failure = new Error('connection reset');
    let seen: Error | undefined;
    const manager = new DownloaderMiddlewareManager([
      logging('a', log),
      logging('recover', log, {
        processException: (req, error) => {
          seen = error;
          return new Response({ url: req.url, status: 200, body: 'fallback', request: req });
        },
      }),
      logging('c', log),
    ]);
    const result = await manager.download(request, spider, downloader(failure).download);
    expect(seen).toBe(failure);
    expect((result as Response).body.toString()).toBe('fallback');
    expect(log).toEqual(['a.request', 'recover.request', 'c.request', 'c.exception', 'recover.exception', 'c.response', 'recover.response', 'a.response']);
  });

  it('sends an error raised by processRequest to processException', async () => {
    const log: string[] = [];
    const retry = request.replace({ priority: -1 });
    const manager = new DownloaderMiddlewareManager([
      logging('a', log, { processException: () => retry }),
      logging('b', log, { processRequest: () => {
        throw new Error('refused');
      } }),
    ]);
    const { calls, download } = downloader();
    expect(await manager.download(request, spider, download)).toBe(retry);
    expect(calls).toEqual([]);
    expect(log).toEqual(['a.request', 'b.request', 'b.exception', 'a.exception']);
  });

  it('rethrows the error when no processException recovers', async () => {
    const failure = new Error('timeout');
    const manager = new DownloaderMiddlewareManager([logging('a', []), logging('b', [])]);
    await expect(manager.download(request, spider, downloader(failure).download)).rejects.toBe(failure);
  });

  it('awaits async hooks', async () => {
    const manager = new DownloaderMiddlewareManager([{
      processRequest: async (req) => {
        await new Promise(setImmediate);
        req.headers.set('X-Async', '1');
        return null;
      },
      processResponse: async (_req, res) => res.replace({ status: 201 }),
    }]);
    const { calls, download } = downloader();
    const result = (await manager.download(request.replace(), spider, download)) as Response;
    expect(calls[0]!.headers.get('x-async')).toBe('1');
    expect(result.status).toBe(201);
  });

  it.each([
    ['processRequest', { processRequest: () => 'oops' }, /^BadMiddleware\.processRequest must return null, a Response or a Request, got string$/],
    ['processResponse', { processResponse: () => null }, /^BadMiddleware\.processResponse must return a Response or a Request, got null$/],
    ['processException', { processException: () => 42 }, /^BadMiddleware\.processException must return null, a Response or a Request, got number$/],
  ])('gives a TypeError naming the middleware when %s returns a wrong type', async (_hook, hooks, message) => {
    class BadMiddleware {}
    Object.assign(BadMiddleware.prototype, hooks);
    const fail = 'processException' in hooks ? new Error('download failed') : undefined;
    const manager = new DownloaderMiddlewareManager([new BadMiddleware() as DownloaderMiddleware]);
    const outcome = manager.download(request, spider, downloader(fail).download);
    await expect(outcome).rejects.toThrow(TypeError);
    await expect(outcome).rejects.toThrow(message);
  });
});

describe('downloader middlewares in a crawl', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer((req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end(`<p>${req.url}</p>`));
  });
  afterAll(() => server.close());

  it('reschedules a Request returned by processRequest, and gives callbacks a middleware-made Response with its request', async () => {
    const url = server.url;
    class Rewrite implements DownloaderMiddleware {
      processRequest(req: Request) {
        if (req.url.endsWith('/old')) return req.replace({ url: `${url}/new` });
        if (req.url.endsWith('/canned')) return new HtmlResponse({ url: req.url, body: '<p>canned</p>' });
        return null;
      }
    }
    class S extends Spider {
      name = 'rewrite';
      override async *start() {
        yield new Request({ url: `${url}/old`, meta: { tag: 'old' } });
        yield new Request({ url: `${url}/canned`, meta: { tag: 'canned' } });
      }
      override parse(response: HtmlResponse) {
        return [{ url: response.url, text: response.css('p::text').get(), tag: response.meta.tag, requestUrl: response.request.url }];
      }
    }
    const { items, crawler } = await crawl(S, { DOWNLOADER_MIDDLEWARES: [[Rewrite, 10]] });
    expect(items.sort((a, b) => a.url.localeCompare(b.url))).toEqual([
      { url: `${url}/canned`, text: 'canned', tag: 'canned', requestUrl: `${url}/canned` },
      { url: `${url}/new`, text: '/new', tag: 'old', requestUrl: `${url}/new` },
    ]);
    expect(server.received.map((r) => r.path)).toEqual(['/new']);
    expect(crawler.stats.getValue('spider_exceptions/count')).toBeUndefined();
  });
});
