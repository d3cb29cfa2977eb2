/** The engine's contracts, observed through small crawls of local servers. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSite, type TestSite } from '@arachne/testsite';
import { CloseSpider, Crawler, CrawlerProcess, DontCloseSpider, Request, Spider, type Response, type SettingsInput } from '../src/index.js';
import { startServer, type TestServer } from './support/testServer.js';
import { ResponseGate } from './support/responseGate.js';

const QUIET: SettingsInput = { LOG_ENABLED: false, STATS_DUMP: false, LOGSTATS_INTERVAL: 0 };

let server: TestServer;
let site: TestSite;
const state = new ResponseGate((res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html><body><p>ok</p></body></html>'));
beforeAll(async () => {
  server = await startServer((_req, res) => state.handle(res));
  site = await startTestSite();
});
afterAll(async () => {
  await server.close();
  await site.close();
});

describe('backpressure', () => {
  /**
   * A spider whose callbacks wait at a gate the test opens. `downloadsWhileBusy` counts downloads that
   * started while a callback was running.
   */
  function gatedCrawl(pages: number, settings: SettingsInput) {
    const url = server.url;
    const counts = { active: 0, maxActive: 0, downloadsWhileBusy: 0 };
    let open!: () => void;
    let gate = new Promise<void>((resolve) => (open = resolve));
    let onActive: (() => void) | null = null;
    class Gated extends Spider {
      name = 'gated';
      override async *start() {
        for (let i = 0; i < pages; i++) yield new Request(`${url}/gated/${i}`);
      }
      override async parse() {
        counts.maxActive = Math.max(counts.maxActive, ++counts.active);
        const myGate = gate;
        onActive?.();
        await myGate;
        counts.active--;
        return [{ done: true }];
      }
    }
    const crawler = new Crawler(Gated, { ...QUIET, ...settings });
    crawler.signals.on('requestReachedDownloader', () => {
      if (counts.active > 0) counts.downloadsWhileBusy++;
    });
    return {
      crawler,
      counts,
      /** Calls `check` whenever a callback starts waiting, until it returns true. */
      whenActive(check: () => boolean): Promise<void> {
        return new Promise((resolve) => {
          onActive = () => {
            if (!check()) return;
            onActive = null;
            resolve();
          };
        });
      },
      /** Let the callbacks waiting at the gate finish. */
      openGate(): void {
        const opening = open;
        gate = new Promise<void>((resolve) => (open = resolve));
        opening();
      },
    };
  }

  it('keeps downloading while callbacks are slow, under the scraper byte limit', async () => {
    const { crawler, counts, whenActive, openGate } = gatedCrawl(12, { CONCURRENT_REQUESTS: 4 });
    const done = crawler.crawl();
    // Every page downloads while no callback has finished yet: only the scraper's byte limit could stop it.
    await whenActive(() => counts.active === 12);
    openGate();
    expect(await done).toBe('finished');
    expect(crawler.stats.getValue('item_scraped_count')).toBe(12);
  }, 4000);

  it('stops downloading while the scraper holds more than SCRAPER_SLOT_MAX_ACTIVE_SIZE', async () => {
    const { crawler, counts, whenActive, openGate } = gatedCrawl(30, { CONCURRENT_REQUESTS: 4, SCRAPER_SLOT_MAX_ACTIVE_SIZE: 1 });
    const done = crawler.crawl();
    // The engine is holding back when callbacks wait and nothing is downloading.
    const stalled = () => crawler.engine.downloader.active.size === 0;
    void (async () => {
      for (;;) {
        await whenActive(stalled);
        // Give the engine its turn first: were it to start a download now, downloadsWhileBusy would count it.
        await new Promise(setImmediate);
        openGate();
      }
    })();
    expect(await done).toBe('finished');
    expect(crawler.stats.getValue('item_scraped_count')).toBe(30);
    expect(counts.downloadsWhileBusy).toBe(0);
    expect(counts.maxActive).toBeLessThanOrEqual(4);
  });
});

describe('spiderIdle', () => {
  it('keeps the spider open on DontCloseSpider and crawls what the idle handler scheduled', async () => {
    const url = server.url;
    const parsed: string[] = [];
    class Idle extends Spider {
      name = 'idle';
      override startUrls = [`${url}/start`];
      override parse(response: Response) {
        parsed.push(new URL(response.url).pathname);
        return [];
      }
    }
    const crawler = new Crawler(Idle, QUIET);
    let idleCalls = 0;
    crawler.signals.on('spiderIdle', () => {
      if (++idleCalls > 1) return;
      crawler.engine.crawl(new Request(`${url}/from-idle`));
      throw new DontCloseSpider();
    });
    expect(await crawler.crawl()).toBe('finished');
    expect(parsed).toEqual(['/start', '/from-idle']);
    expect(idleCalls).toBe(2);
  });
});

describe('requestFinished', () => {
  it('is sent once per scheduled request, after its callback and everything it yielded were handled, and for a request a middleware replaced', async () => {
    const siteUrl = site.url;
    const events: string[] = [];
    class Finishing extends Spider {
      name = 'finishing';
      override startUrls = [`${siteUrl}/redirect/chain/1`];
      override async *parse(response: Response) {
        events.push(`callback ${new URL(response.url).pathname}`);
        yield { url: response.url };
        events.push('callback done');
      }
    }
    const crawler = new Crawler(Finishing, QUIET);
    crawler.signals.on('itemScraped', () => void events.push('item'));
    crawler.signals.on('requestFinished', ({ request }) => void events.push(`finished ${new URL(request.url).pathname}`));
    expect(await crawler.crawl()).toBe('finished');
    expect(events).toEqual([
      'finished /redirect/chain/1', // the redirect middleware replaced it with a request for /redirect/chain/0
      'callback /redirect/chain/0',
      'item',
      'callback done',
      'finished /redirect/chain/0',
    ]);
  });
});

describe('crawler.download()', () => {
  it('follows redirects through the downloader middlewares and returns the final response with its request', async () => {
    const siteUrl = site.url;
    class Fetching extends Spider {
      name = 'fetching';
      override async *start() {
        const page = await this.crawler.download(new Request({ url: `${siteUrl}/redirect/chain/3`, meta: { mine: 1 } }));
        yield { url: page.url, status: page.status, requestUrl: page.request.url, mine: page.meta.mine, redirects: page.meta.redirect_times };
      }
    }
    const crawler = new Crawler(Fetching, QUIET);
    const seen: unknown[] = [];
    crawler.signals.on('itemScraped', ({ item }) => void seen.push(item));
    expect(await crawler.crawl()).toBe('finished');
    expect(seen).toEqual([{ url: `${siteUrl}/redirect/chain/0`, status: 200, requestUrl: `${siteUrl}/redirect/chain/0`, mine: 1, redirects: 3 }]);
  });
});

describe('CONCURRENT_REQUESTS', () => {
  it('bounds requests in flight across all domains', async () => {
    const hosts = [server.url, server.altUrl];
    class Many extends Spider {
      name = 'many';
      override async *start() {
        for (let i = 0; i < 8; i++) yield new Request(`${hosts[i % 2]}/many/${i}`);
      }
      override parse() {
        return [];
      }
    }
    const crawler = new Crawler(Many, { ...QUIET, CONCURRENT_REQUESTS: 2, CONCURRENT_REQUESTS_PER_DOMAIN: 8 });
    state.holding = true;
    try {
      const done = crawler.crawl();
      for (let batch = 0; batch < 4; batch++) {
        await state.whenHeld(2);
        // Two at the server and two in the downloader: the engine keeps the others in the scheduler.
        expect(state.held).toHaveLength(2);
        expect(crawler.engine.downloader.active.size).toBe(2);
        expect(crawler.engine.scheduler.size).toBe(6 - batch * 2);
        state.release();
      }
      expect(await done).toBe('finished');
    } finally {
      state.holding = false;
    }
    expect(state.maxHeld).toBe(2);
    expect(crawler.stats.getValue('response_received_count')).toBe(8);
  });
});

describe('start requests', () => {
  /** A spider whose start() could yield a million requests, counting how far it was advanced. */
  function millionSpider(url: string, parse: (response: Response) => unknown) {
    const progress = { advanced: 0, finalized: false };
    class Million extends Spider {
      name = 'million';
      override async *start() {
        try {
          for (let i = 0; i < 1_000_000; i++) {
            progress.advanced++;
            yield new Request(`${url}/million/${i}`);
          }
        } finally {
          progress.finalized = true;
        }
      }
      override parse(response: Response) {
        return parse(response) as never;
      }
    }
    return { Million, progress };
  }

  it('are consumed lazily: CLOSESPIDER_PAGECOUNT ends the crawl long before a million', async () => {
    const { Million, progress } = millionSpider(server.url, () => []);
    const crawler = new Crawler(Million, { ...QUIET, CLOSESPIDER_PAGECOUNT: 10 });
    expect(await crawler.crawl()).toBe('closespider_pagecount');
    expect(progress.advanced).toBeLessThan(1000);
    expect(progress.finalized).toBe(true);
  });

  it('are consumed lazily: CloseSpider from a callback ends the crawl', async () => {
    const { Million, progress } = millionSpider(server.url, (response) => {
      if (response.url.endsWith('/million/20')) throw new CloseSpider('seen enough');
      return [];
    });
    const crawler = new Crawler(Million, { ...QUIET, CONCURRENT_REQUESTS: 4 });
    expect(await crawler.crawl()).toBe('seen enough');
    expect(progress.advanced).toBeLessThan(1000);
  });
});

describe('spider lifecycle', () => {
  it('calls closed(reason) once, after spiderClosed, and freezes settings while crawling', async () => {
    const events: string[] = [];
    let frozenError: unknown;
    class Lifecycle extends Spider {
      name = 'lifecycle';
      override async *start() {
        try {
          this.crawler.settings.set('DOWNLOAD_DELAY', 5);
        } catch (error) {
          frozenError = error;
        }
        yield { ok: true };
      }
      override closed(reason: string) {
        events.push(`closed:${reason}`);
      }
    }
    const crawler = new Crawler(Lifecycle, QUIET);
    crawler.signals.on('spiderClosed', ({ reason }) => void events.push(`spiderClosed:${reason}`));
    await crawler.crawl();
    expect(events).toEqual(['spiderClosed:finished', 'closed:finished']);
    expect(String(frozenError)).toMatch(/frozen/);
  });

  it('keeps meta per request when a callback passes `meta: response.meta` (depth is not shared)', async () => {
    const url = server.url;
    const depths: Record<string, number> = {};
    class Depths extends Spider {
      name = 'depths';
      override startUrls = [`${url}/root`];
      override parse(response: Response) {
        if (response.url.endsWith('/root')) return [1, 2, 3].map((n) => new Request({ url: `${url}/child/${n}`, meta: response.meta, callback: this.child }));
        return [];
      }
      child(response: Response) {
        depths[new URL(response.url).pathname] = response.meta.depth;
        return [];
      }
    }
    const crawler = new Crawler(Depths, QUIET);
    await crawler.crawl();
    expect(depths).toEqual({ '/child/1': 1, '/child/2': 1, '/child/3': 1 });
    expect(crawler.stats.getValue('request_depth_max')).toBe(1);
  });
});

describe('CrawlerProcess', () => {
  it('runs two spiders to the end, each with its own settings and items', async () => {
    const url = server.url;
    class First extends Spider {
      name = 'first';
      override customSettings: SettingsInput = { CONCURRENT_REQUESTS: 3 };
      override startUrls = [`${url}/first`];
      override parse(response: Response) {
        return [{ spider: this.name, url: response.url, concurrency: this.crawler.settings.get('CONCURRENT_REQUESTS') }];
      }
    }
    class Second extends Spider {
      name = 'second';
      override startUrls = [`${url}/second/1`, `${url}/second/2`];
      override parse(response: Response) {
        return [{ spider: this.name, url: response.url, concurrency: this.crawler.settings.get('CONCURRENT_REQUESTS') }];
      }
    }
    const process = new CrawlerProcess({ ...QUIET, CONCURRENT_REQUESTS: 7 }, { installSignalHandlers: false });
    const first = process.crawl(First);
    const second = process.crawl(Second);
    const items = new Map<Crawler, unknown[]>([[first, []], [second, []]]);
    for (const crawler of [first, second]) crawler.signals.on('itemScraped', ({ item }) => void items.get(crawler)!.push(item));
    expect(await process.start()).toEqual(['finished', 'finished']);
    expect(items.get(first)).toEqual([{ spider: 'first', url: `${url}/first`, concurrency: 3 }]);
    expect(items.get(second)).toHaveLength(2);
    expect(items.get(second)).toContainEqual({ spider: 'second', url: `${url}/second/1`, concurrency: 7 });
    expect(process.settings.get('CONCURRENT_REQUESTS')).toBe(7);
    expect(process.crawlers.size).toBe(0);
  });
});
