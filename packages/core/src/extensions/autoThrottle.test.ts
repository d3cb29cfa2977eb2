import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Request, Spider, type Response, type SettingsInput } from '../index.js';
import { crawl, startServer, type TestServer } from '../../test/support/testServer.js';
import { AutoThrottle, nextThrottleDelay } from './autoThrottle.js';

describe('nextThrottleDelay', () => {
  const limits = { minDelay: 0, maxDelay: 10, targetConcurrency: 1 };

  it('moves halfway towards latency / target concurrency, jumping straight up to a higher target', () => {
    expect(nextThrottleDelay(1, 0.2, 200, limits)).toBeCloseTo(0.6);
    expect(nextThrottleDelay(0, 2, 200, limits)).toBe(2);
    expect(nextThrottleDelay(1, 2, 200, { ...limits, targetConcurrency: 4 })).toBe(0.75);
  });

  it('stays within DOWNLOAD_DELAY and AUTOTHROTTLE_MAX_DELAY', () => {
    expect(nextThrottleDelay(0.1, 0.01, 200, { ...limits, minDelay: 0.5 })).toBe(0.5);
    expect(nextThrottleDelay(5, 30, 200, limits)).toBe(10);
  });

  it('never lowers the delay on a non-200 response, but may raise it', () => {
    expect(nextThrottleDelay(1, 0.01, 404, limits)).toBe(1);
    expect(nextThrottleDelay(1, 0.01, 301, limits)).toBe(1);
    expect(nextThrottleDelay(1, 3, 503, limits)).toBe(3);
  });
});

/** /slow answers after 100 ms; anything else at once. */
let server: TestServer;
beforeAll(async () => {
  server = await startServer((req, res) => {
    const answer = () => res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
    if (req.url?.startsWith('/slow')) setTimeout(answer, 100);
    else answer();
  });
});
afterAll(() => server.close());

/** Fetches `paths` (all start requests) and returns the crawl with each response's meta.download_latency. */
async function run(paths: string[], settings: SettingsInput, meta: Record<string, any> = {}) {
  const latencies: number[] = [];
  class S extends Spider {
    name = 'autothrottle';
    override async *start() {
      for (const path of paths) yield new Request({ url: `${server.url}${path}`, meta: { ...meta } });
    }
    override parse(response: Response) {
      latencies.push(response.meta.download_latency);
    }
  }
  const before = server.received.length;
  let firstReady = Infinity;
  const result = await crawl(S, { AUTOTHROTTLE_ENABLED: true, RANDOMIZE_DOWNLOAD_DELAY: false, ...settings }, (crawler) => {
    crawler.signals.on('requestReachedDownloader', () => void (firstReady = Math.min(firstReady, Date.now())));
  });
  const slot = result.crawler.engine.downloader.slots.get('127.0.0.1');
  return { ...result, latencies, slot, firstReady, received: server.received.slice(before) };
}

describe('AutoThrottle', () => {
  it('is off unless AUTOTHROTTLE_ENABLED', async () => {
    const { crawler } = await crawl(class extends Spider {
      name = 'plain';
      override startUrls = [`${server.url}/`];
      override parse() {}
    });
    expect(crawler.extensions.some((ext) => ext instanceof AutoThrottle)).toBe(false);
  });

  it('raises the slot delay to the measured latency', async () => {
    const { latencies, slot } = await run(['/slow?1', '/slow?2'], { AUTOTHROTTLE_START_DELAY: 0, AUTOTHROTTLE_MAX_DELAY: 5 });
    expect(latencies).toHaveLength(2);
    for (const latency of latencies) expect(latency).toBeGreaterThanOrEqual(0.09);
    expect(slot!.delay).toBeGreaterThanOrEqual(0.09);
    expect(slot!.delay).toBeLessThan(5);
  });

  it('caps the delay at AUTOTHROTTLE_MAX_DELAY', async () => {
    const { slot } = await run(['/slow'], { AUTOTHROTTLE_START_DELAY: 0, AUTOTHROTTLE_MAX_DELAY: 0.05 });
    expect(slot!.delay).toBe(0.05);
  });

  it('gives a new slot AUTOTHROTTLE_START_DELAY before its first request', async () => {
    const { received, firstReady } = await run(['/a', '/b'], { AUTOTHROTTLE_START_DELAY: 0.3, AUTOTHROTTLE_MAX_DELAY: 5 });
    expect(received).toHaveLength(2);
    // A lower bound from the ready time (as slot.test.ts): the second start waits the start delay after the first.
    expect(received[1]!.time - firstReady).toBeGreaterThanOrEqual(300 - 2);
  });

  it('leaves the delay alone for requests with meta.autothrottle_dont_adjust_delay', async () => {
    const { slot } = await run(['/slow'], { AUTOTHROTTLE_START_DELAY: 0, AUTOTHROTTLE_MAX_DELAY: 5 }, { autothrottle_dont_adjust_delay: true });
    expect(slot!.delay).toBe(0);
  });

  it('logs every adjustment with AUTOTHROTTLE_DEBUG', async () => {
    const { log } = await run(['/slow'], { AUTOTHROTTLE_START_DELAY: 0, AUTOTHROTTLE_MAX_DELAY: 5, AUTOTHROTTLE_DEBUG: true });
    expect(log).toMatch(/INFO: slot: 127\.0\.0\.1 \| conc: ?\d+ \| delay: *\d+ ms \(\+\d+\) \| latency: *\d+ ms \| size: +2 bytes/);
  });
});
