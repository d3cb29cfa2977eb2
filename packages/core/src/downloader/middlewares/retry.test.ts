import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Spider } from '../../spiders/spider.js';
import { Request } from '../../http/request.js';
import type { Response } from '../../http/response.js';
import { crawl, startServer, type TestServer } from '../../../test/support/testServer.js';

/** Tests use a tiny backoff so retries stay fast; the Retry-After test sets its own. */
const FAST = { RETRY_BACKOFF_BASE: 0.01 };

describe('RetryMiddleware', () => {
  let server: TestServer;
  const failuresLeft = new Map<string, number>();
  beforeAll(async () => {
    server = await startServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const left = failuresLeft.get(url.pathname) ?? Number(url.searchParams.get('fail') ?? 0);
      const status = Number(url.searchParams.get('status') ?? 503);
      if (url.pathname.startsWith('/cut')) {
        res.writeHead(200, { 'Content-Length': '1000', 'Content-Type': 'text/plain' });
        res.write('only part of it');
        setImmediate(() => res.socket?.destroy());
        return;
      }
      if (url.pathname.startsWith('/big')) {
        res.writeHead(200, { 'Content-Type': 'text/plain' }).end('x'.repeat(5000));
        return;
      }
      if (left > 0) {
        failuresLeft.set(url.pathname, left - 1);
        const headers: Record<string, string> = { 'Content-Type': 'text/plain' };
        const retryAfter = url.searchParams.get('retry-after');
        if (retryAfter !== null) headers['Retry-After'] = retryAfter;
        res.writeHead(status, headers).end('try later');
        return;
      }
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
    });
  });
  afterAll(() => server.close());

  const hits = (path: string) => server.received.filter((r) => new URL(r.path, 'http://x').pathname === path);

  function spiderFor(url: string, meta: Record<string, unknown> = {}) {
    return class extends Spider {
      name = 'retry';
      override async *start() {
        yield new Request({ url, meta });
      }
      override parse(response: Response) {
        return [{ status: response.status, retries: response.meta.retry_times ?? 0 }];
      }
    };
  }

  it('retries a 503 and succeeds, logging each retry at DEBUG and counting by reason', async () => {
    failuresLeft.set('/flaky', 2);
    const result = await crawl(spiderFor(`${server.url}/flaky`), FAST);
    expect(result.items).toEqual([{ status: 200, retries: 2 }]);
    expect(hits('/flaky')).toHaveLength(3);
    expect(result.stat('retry/count')).toBe(2);
    expect(result.stat('retry/reason_count/503 Service Unavailable')).toBe(2);
    expect(result.stat('retry/max_reached')).toBeUndefined();
    expect(result.log).toMatch(new RegExp(`DEBUG: Retrying <GET ${server.url}/flaky> \\(failed 1 times\\): 503 Service Unavailable`));
    expect(result.log).toMatch(/\(failed 2 times\): 503 Service Unavailable/);
  });

  it('gives up after RETRY_TIMES, at DEBUG, and passes the last response on', async () => {
    failuresLeft.set('/down', 99);
    const result = await crawl(spiderFor(`${server.url}/down?status=500`), { ...FAST, RETRY_TIMES: 3 });
    expect(hits('/down')).toHaveLength(4);
    expect(result.stat('retry/count')).toBe(3);
    expect(result.stat('retry/max_reached')).toBe(1);
    expect(result.stat('downloader/response_status_count/500')).toBe(4);
    expect(result.log).toMatch(/DEBUG: Gave up retrying <GET .*\/down\?status=500> \(failed 4 times\): 500 Internal Server Error/);
    expect(result.log).not.toMatch(/ERROR: .*\/down/);
  });

  it('retries connection errors and logs the final failure exactly once', async () => {
    const closed = await startServer(() => undefined);
    await closed.close();
    const url = `${closed.url}/refused`;
    const result = await crawl(spiderFor(url), FAST);
    expect(result.stat('retry/count')).toBe(2);
    expect(result.stat('retry/reason_count/DownloadError/ECONNREFUSED')).toBe(2);
    expect(result.stat('retry/max_reached')).toBe(1);
    expect(result.stat('downloader/exception_type_count/DownloadError/ECONNREFUSED')).toBe(3);
    expect(result.log.split('\n').filter((line) => line.includes('ERROR:'))).toHaveLength(1);
    expect(result.log).toMatch(new RegExp(`ERROR: Error downloading <GET ${url}>`));
  });

  it('retries a body cut short (data loss)', async () => {
    const result = await crawl(spiderFor(`${server.url}/cut`), { ...FAST, RETRY_TIMES: 1 });
    expect(hits('/cut')).toHaveLength(2);
    expect(result.stat('retry/count')).toBe(1);
    expect(result.stat('retry/max_reached')).toBe(1);
  });

  it('does not retry a body over DOWNLOAD_MAXSIZE', async () => {
    const result = await crawl(spiderFor(`${server.url}/big`), { ...FAST, DOWNLOAD_MAXSIZE: 1000 });
    expect(hits('/big')).toHaveLength(1);
    expect(result.stat('retry/count')).toBeUndefined();
  });

  it('honours meta.dont_retry, meta.max_retry_times and RETRY_ENABLED', async () => {
    failuresLeft.set('/dont', 1);
    const dont = await crawl(spiderFor(`${server.url}/dont`, { dont_retry: true }), FAST);
    expect(hits('/dont')).toHaveLength(1);
    expect(dont.stat('retry/count')).toBeUndefined();

    failuresLeft.set('/max', 99);
    const max = await crawl(spiderFor(`${server.url}/max`, { max_retry_times: 5 }), FAST);
    expect(hits('/max')).toHaveLength(6);
    expect(max.stat('retry/max_reached')).toBe(1);

    failuresLeft.set('/disabled', 1);
    await crawl(spiderFor(`${server.url}/disabled`), { ...FAST, RETRY_ENABLED: false });
    expect(hits('/disabled')).toHaveLength(1);
  });

  it('lowers the priority of retries by RETRY_PRIORITY_ADJUST', async () => {
    failuresLeft.set('/priority', 1);
    const priorities: number[] = [];
    const S = spiderFor(`${server.url}/priority`);
    const result = await crawl(
      class extends S {
        override parse(response: Response) {
          priorities.push(response.request.priority);
          return [];
        }
      },
      { ...FAST, RETRY_PRIORITY_ADJUST: -5 },
    );
    expect(result.stat('retry/count')).toBe(1);
    expect(priorities).toEqual([-5]);
  });

  it('waits for Retry-After on a 429 without delaying requests to another host', async () => {
    failuresLeft.set('/limited', 1);
    const { url, altUrl } = server;
    const chain = 5;
    class S extends Spider {
      name = 'retry-after';
      override async *start() {
        yield new Request(`${url}/limited?status=429&retry-after=2`);
        yield new Request(`${altUrl}/b/1`);
      }
      override async *parse(response: Response) {
        yield { url: response.url };
        const step = /\/b\/(\d+)$/.exec(response.url);
        if (step && Number(step[1]) < chain) yield new Request(`${altUrl}/b/${Number(step[1]) + 1}`);
      }
    }
    // One request at a time, and the retry queued at the same priority as host B's chain (so it is pulled
    // in the middle of it): if the waiting retry held the downloader's only slot, host B would stall for 2 s.
    const result = await crawl(S, { CONCURRENT_REQUESTS: 1, RETRY_PRIORITY_ADJUST: 0 });
    const [limited, retried] = hits('/limited');
    const bTimes = server.received.filter((r) => r.path.startsWith('/b/')).map((r) => r.time);
    expect(bTimes).toHaveLength(chain);
    expect(retried!.time - limited!.time).toBeGreaterThanOrEqual(1950);
    expect(Math.max(...bTimes)).toBeLessThan(retried!.time);
    expect(result.stat('retry/reason_count/429 Too Many Requests')).toBe(1);
    expect(result.items).toHaveLength(chain + 1);
    expect(result.log).toMatch(/Retrying <GET .*\/limited.*> \(failed 1 times\): 429 Too Many Requests; next attempt in 2.00 s/);
  });

  it('caps Retry-After at RETRY_BACKOFF_MAX', async () => {
    failuresLeft.set('/capped', 1);
    // Uncapped, the retry would wait an hour and the test time out; the log states the delay chosen.
    const result = await crawl(spiderFor(`${server.url}/capped?retry-after=3600`), { RETRY_BACKOFF_MAX: 0.05 });
    expect(hits('/capped')).toHaveLength(2);
    expect(result.log).toMatch(/Retrying <GET .*\/capped.*> \(failed 1 times\): .*; next attempt in 0\.05 s/);
    expect(result.items).toEqual([{ status: 200, retries: 1 }]);
  });
});
