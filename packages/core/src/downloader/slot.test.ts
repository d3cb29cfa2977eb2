import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Slot } from './slot.js';
import { ResponseGate } from '../../test/support/responseGate.js';
import { Crawler } from '../engine/crawler.js';
import { Spider } from '../spiders/spider.js';
import { Request } from '../http/request.js';
import { startServer, type TestServer } from '../../test/support/testServer.js';

describe('Slot delay (fake clock)', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  async function startTimes(slot: Slot, count: number): Promise<number[]> {
    const origin = Date.now();
    const starts: number[] = [];
    const runs = Array.from({ length: count }, () => slot.run(async () => {
      starts.push(Date.now() - origin);
    }));
    await vi.advanceTimersByTimeAsync(10_000);
    await Promise.all(runs);
    return starts;
  }

  it('spaces starts by the delay', async () => {
    vi.useFakeTimers();
    expect(await startTimes(new Slot('a', 8, 1, false), 4)).toEqual([0, 1000, 2000, 3000]);
  });

  it('randomizes each interval to 0.5–1.5× the delay', async () => {
    vi.useFakeTimers();
    vi.spyOn(Math, 'random').mockReturnValueOnce(0.5).mockReturnValueOnce(0).mockReturnValueOnce(0.25).mockReturnValueOnce(1 - 2 ** -10);
    const starts = await startTimes(new Slot('a', 8, 1, true), 4);
    expect(starts.slice(0, 3)).toEqual([0, 500, 1250]);
    expect(starts[3]! - starts[2]!).toBeCloseTo(1499, 0);
  });

  it('follows a delay changed while the crawl runs (AutoThrottle, Crawl-delay)', async () => {
    vi.useFakeTimers();
    const slot = new Slot('a', 8, 0, false);
    expect(await startTimes(slot, 3)).toEqual([0, 0, 0]);
    slot.delay = 2;
    const starts = await startTimes(slot, 2);
    expect(starts[1]! - starts[0]!).toBe(2000);
  });

  it('runs up to `concurrency` tasks at once without a delay', async () => {
    const slot = new Slot('a', 3, 0, false);
    let running = 0;
    let max = 0;
    const gates: Array<() => void> = [];
    const runs = Array.from({ length: 7 }, () => slot.run(() => {
      max = Math.max(max, ++running);
      return new Promise<void>((resolve) => gates.push(() => {
        running--;
        resolve();
      }));
    }));
    await vi.waitUntil(() => gates.length === 3);
    expect(slot.queue.pending).toBe(3);
    expect(slot.active).toBe(7);
    while (gates.length > 0) {
      gates.shift()!();
      await new Promise(setImmediate);
    }
    await Promise.all(runs);
    expect(max).toBe(3);
    expect(slot.active).toBe(0);
  });
});

describe('download slots in a crawl', () => {
  let server: TestServer;
  const holding = new ResponseGate((res) => res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok'));
  beforeAll(async () => {
    server = await startServer((_req, res) => holding.handle(res));
  });
  afterAll(() => server.close());

  /** Crawl `count` pages of one domain; returns when each request first reached the downloader and when each reached the server. */
  async function delayedCrawl(count: number, settings: Record<string, unknown>) {
    const url = server.url;
    class Delayed extends Spider {
      name = 'delayed';
      override async *start() {
        for (let i = 0; i < count; i++) yield new Request(`${url}/delay/${i}`);
      }
      override parse() {
        return [];
      }
    }
    const crawler = new Crawler(Delayed, { LOG_ENABLED: false, STATS_DUMP: false, LOGSTATS_INTERVAL: 0, ...settings });
    let firstReady = Infinity;
    crawler.signals.on('requestReachedDownloader', () => {
      firstReady = Math.min(firstReady, Date.now());
    });
    const before = server.received.length;
    await crawler.crawl();
    return { firstReady, arrivals: server.received.slice(before).map((request) => request.time) };
  }

  // Lower bounds only, which a slow machine cannot break: request k cannot start before k delays have
  // passed since the first one was ready to go. (Gaps between arrivals are not a safe measure: a stall
  // that delays one request in transit shortens its gap to the next.)
  it('waits DOWNLOAD_DELAY between the starts of requests to one domain', async () => {
    const { firstReady, arrivals } = await delayedCrawl(5, { DOWNLOAD_DELAY: 0.1, RANDOMIZE_DOWNLOAD_DELAY: false });
    expect(arrivals).toHaveLength(5);
    arrivals.forEach((arrival, k) => expect(arrival - firstReady).toBeGreaterThanOrEqual(100 * k - 2));
  });

  it('keeps a randomized DOWNLOAD_DELAY above half the delay', async () => {
    const { firstReady, arrivals } = await delayedCrawl(5, { DOWNLOAD_DELAY: 0.1 });
    expect(arrivals).toHaveLength(5);
    arrivals.forEach((arrival, k) => expect(arrival - firstReady).toBeGreaterThanOrEqual(50 * k - 2));
  });

  it('never has more than CONCURRENT_REQUESTS_PER_DOMAIN requests of one domain in flight', async () => {
    const url = server.url;
    class Busy extends Spider {
      name = 'busy';
      override async *start() {
        for (let i = 0; i < 9; i++) yield new Request(`${url}/busy/${i}`);
      }
      override parse() {
        return [];
      }
    }
    holding.holding = true;
    try {
      const crawler = new Crawler(Busy, { LOG_ENABLED: false, STATS_DUMP: false, LOGSTATS_INTERVAL: 0, CONCURRENT_REQUESTS: 16, CONCURRENT_REQUESTS_PER_DOMAIN: 3 });
      const done = crawler.crawl();
      for (let batch = 0; batch < 3; batch++) {
        await holding.whenHeld(3);
        // Three at the server, and the downloader has exactly three transfers open: the rest wait in the slot.
        const slot = crawler.engine.downloader.slots.get('127.0.0.1')!;
        expect(holding.held).toHaveLength(3);
        expect(slot.queue.pending).toBe(3);
        expect(slot.queue.size).toBe(6 - batch * 3);
        holding.release();
      }
      expect(await done).toBe('finished');
      expect(holding.maxHeld).toBe(3);
      expect(crawler.stats.getValue('response_received_count')).toBe(9);
    } finally {
      holding.holding = false;
    }
  });
});

describe("a spider's downloadDelay", () => {
  it('sets its slots\' delay over DOWNLOAD_DELAY, as Scrapy\'s download_delay', async () => {
    class Polite extends Spider {
      name = 'polite';
      override downloadDelay = 0.25;
      override async *start() {
        yield new Request('http://127.0.0.1:9/never', { errback: () => [] });
      }
    }
    const crawler = new Crawler(Polite, { LOG_ENABLED: false, DOWNLOAD_DELAY: 3, RETRY_ENABLED: false });
    let delay: number | undefined;
    crawler.signals.on('requestReachedDownloader', ({ request }) => void (delay = crawler.engine.downloader.slotFor(request).delay));
    await crawler.crawl();
    expect(delay).toBe(0.25);
  });
});
