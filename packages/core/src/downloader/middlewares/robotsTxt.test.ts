import type { ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestSite, type TestSite } from '@arachne/testsite';
import { Spider } from '../../spiders/spider.js';
import { Request, type Failure } from '../../http/request.js';
import type { Response } from '../../http/response.js';
import type { Crawler } from '../../engine/crawler.js';
import { RobotsTxtMiddleware } from './robotsTxt.js';
import { crawl, startServer, type TestServer } from '../../../test/support/testServer.js';

function spiderFor(urls: string[], fields: Record<string, unknown> = {}) {
  return class extends Spider {
    name = 'robots';
    override startUrls = urls;
    constructor() {
      super();
      Object.assign(this, fields);
    }
    override async *parse(response: Response) {
      yield { path: new URL(response.url).pathname };
    }
  };
}

function middlewareOf(crawler: Crawler): RobotsTxtMiddleware {
  return crawler.engine.downloader.middleware.middlewares.find((mw) => mw instanceof RobotsTxtMiddleware) as RobotsTxtMiddleware;
}

const paths = (items: Array<Record<string, any>>) => items.map((item) => item.path).sort();

function html(res: ServerResponse, body = '<p>ok</p>'): void {
  res.writeHead(200, { 'Content-Type': 'text/html' }).end(body);
}

describe('RobotsTxtMiddleware on the test site', () => {
  let site: TestSite;
  beforeAll(async () => {
    site = await startTestSite({ robotsTxt: 'User-agent: *\nDisallow: /product/\nAllow: /product/1$\n\nUser-agent: special\nDisallow: /\n' });
  });
  afterAll(() => site.close());
  afterEach(() => {
    site.hits.clear();
    site.requests.length = 0;
  });

  it('fetches robots.txt once per origin, before any other request to it, and drops what it forbids', async () => {
    const urls = ['/', '/product/1', '/product/2', '/product/3'];
    const result = await crawl(spiderFor([...urls.map((u) => site.url + u), `${site.altUrl}/product/2`]), { ROBOTSTXT_OBEY: true, CONCURRENT_REQUESTS: 16 });
    expect(paths(result.items)).toEqual(['/', '/product/1']);
    expect(site.hits.get('/robots.txt')).toBe(2); // 127.0.0.1 and localhost are two origins
    for (const host of [new URL(site.url).host, new URL(site.altUrl).host]) {
      expect(site.requests.find((request) => request.headers.host === host)?.path).toBe('/robots.txt');
    }
    expect(site.hits.get('/product/2')).toBeUndefined();
    expect(result.stat('robotstxt/request_count')).toBe(2);
    expect(result.stat('robotstxt/response_count')).toBe(2);
    expect(result.stat('robotstxt/response_status_count/200')).toBe(2);
    expect(result.stat('robotstxt/forbidden')).toBe(3);
    expect(result.stat('request_dropped_reasons_count/robotstxt')).toBe(3);
    expect(result.log).toContain(`Dropped request <GET ${site.url}/product/3> (robotstxt): Forbidden by robots.txt`);
  });

  it('fetches robots.txt even when every concurrency slot is held by a request waiting for it', async () => {
    const result = await crawl(spiderFor(['/', '/product/1', '/product/2'].map((u) => site.url + u)), { ROBOTSTXT_OBEY: true, CONCURRENT_REQUESTS: 1 });
    expect(paths(result.items)).toEqual(['/', '/product/1']);
    expect(site.hits.get('/robots.txt')).toBe(1);
  });

  it('is off unless ROBOTSTXT_OBEY', async () => {
    const result = await crawl(spiderFor([`${site.url}/product/2`]));
    expect(paths(result.items)).toEqual(['/product/2']);
    expect(site.hits.get('/robots.txt')).toBeUndefined();
    expect(result.crawler.engine.downloader.middleware.middlewares.some((mw) => mw instanceof RobotsTxtMiddleware)).toBe(false);
  });

  it('lets a request with meta.dont_obey_robotstxt through', async () => {
    class S extends Spider {
      name = 'robots';
      override async *start() {
        yield new Request({ url: `${site.url}/product/2`, meta: { dont_obey_robotstxt: true } });
      }
      override async *parse(response: Response) {
        yield { path: new URL(response.url).pathname };
      }
    }
    const result = await crawl(S, { ROBOTSTXT_OBEY: true });
    expect(paths(result.items)).toEqual(['/product/2']);
    expect(site.hits.get('/robots.txt')).toBeUndefined();
  });

  it('matches groups on ROBOTSTXT_USER_AGENT, else the request User-Agent, else the spider or USER_AGENT', async () => {
    const bySetting = await crawl(spiderFor([`${site.url}/`]), { ROBOTSTXT_OBEY: true, ROBOTSTXT_USER_AGENT: 'Special' });
    expect(bySetting.items).toEqual([]);

    class ByHeader extends Spider {
      name = 'robots';
      override async *start() {
        yield new Request({ url: `${site.url}/`, headers: { 'User-Agent': 'special/2.0 (+http://example.com)' } });
        // A browser-style User-Agent naming the bot inside finds the bot's group, as in Protego.
        yield new Request({ url: `${site.url}/catalogue/page/1`, headers: { 'User-Agent': 'Mozilla/5.0 (compatible; Special/1.0; +http://example.com/bot)' } });
        yield new Request({ url: `${site.url}/catalogue/page/2`, headers: { 'User-Agent': 'Mozilla/5.0 (compatible; otherbot/1.0)' } });
      }
      override async *parse(response: Response) {
        yield { path: new URL(response.url).pathname };
      }
    }
    expect(paths((await crawl(ByHeader, { ROBOTSTXT_OBEY: true })).items)).toEqual(['/catalogue/page/2']);
    const browserStyle = 'Mozilla/5.0 (compatible; Special/1.0; +http://example.com/bot)';
    expect((await crawl(spiderFor([`${site.url}/`]), { ROBOTSTXT_OBEY: true, USER_AGENT: browserStyle })).items).toEqual([]);
    // ROBOTSTXT_USER_AGENT still decides over the User-Agent sent.
    expect((await crawl(spiderFor([`${site.url}/`]), { ROBOTSTXT_OBEY: true, USER_AGENT: browserStyle, ROBOTSTXT_USER_AGENT: 'otherbot' })).items).toEqual([{ path: '/' }]);

    expect((await crawl(spiderFor([`${site.url}/`], { userAgent: 'Special/1.0' }), { ROBOTSTXT_OBEY: true })).items).toEqual([]);
    expect((await crawl(spiderFor([`${site.url}/`]), { ROBOTSTXT_OBEY: true, USER_AGENT: 'special' })).items).toEqual([]);
    expect((await crawl(spiderFor([`${site.url}/`]), { ROBOTSTXT_OBEY: true })).items).toEqual([{ path: '/' }]);
  });
});

describe('RobotsTxtMiddleware: robots.txt missing, failing, redirected', () => {
  it('allows everything when robots.txt is a 404', async () => {
    const site = await startTestSite({ robotsTxt: null });
    try {
      const result = await crawl(spiderFor([`${site.url}/product/2`]), { ROBOTSTXT_OBEY: true });
      expect(paths(result.items)).toEqual(['/product/2']);
      expect(result.stat('robotstxt/response_status_count/404')).toBe(1);
      expect(result.stat('robotstxt/forbidden')).toBeUndefined();
    } finally {
      await site.close();
    }
  });

  describe('unreachable (5xx): complete disallow, then a new fetch', () => {
    let server: TestServer;
    let robotsStatus: number[];
    beforeAll(async () => {
      server = await startServer((req, res) => {
        if (req.url === '/robots.txt') {
          const status = robotsStatus.shift() ?? 200;
          res.writeHead(status, { 'Content-Type': 'text/plain' }).end(status === 200 ? 'User-agent: *\nDisallow: /private\n' : 'down');
        } else html(res);
      });
    });
    afterAll(() => server.close());
    afterEach(() => {
      server.received.length = 0;
    });

    /** Starts with /first; once it fails (forbidden), asks for /second and /private. */
    class S extends Spider {
      name = 'robots';
      override async *start() {
        yield new Request({ url: `${server.url}/first`, errback: 'onFailure' });
      }
      override async *parse(response: Response) {
        yield { path: new URL(response.url).pathname };
      }
      async *onFailure(failure: Failure) {
        yield { failed: new URL(failure.request.url).pathname, error: failure.error.message };
        yield new Request(`${server.url}/second`);
        yield new Request(`${server.url}/private`);
      }
    }

    it('forbids the origin while robots.txt is unreachable, and fetches it again after ROBOTSTXT_RETRY_AFTER', async () => {
      robotsStatus = [503];
      const result = await crawl(S, { ROBOTSTXT_OBEY: true, RETRY_ENABLED: false, ROBOTSTXT_RETRY_AFTER: 0 });
      expect(result.items).toContainEqual({ failed: '/first', error: 'Forbidden by robots.txt (robots.txt unreachable: HTTP 503)' });
      expect(result.items).toContainEqual({ path: '/second' });
      expect(result.items).toHaveLength(2);
      expect(server.received.map((request) => request.path).sort()).toEqual(['/robots.txt', '/robots.txt', '/second']);
      expect(result.stat('robotstxt/request_count')).toBe(2);
      expect(result.stat('robotstxt/response_status_count/503')).toBe(1);
      expect(result.stat('robotstxt/response_status_count/200')).toBe(1);
      expect(result.stat('robotstxt/forbidden')).toBe(2);
      expect(result.log).toMatch(/WARNING: http:\/\/127\.0\.0\.1:\d+\/robots\.txt is unreachable \(HTTP 503\)/);
    });

    it('keeps the origin forbidden until ROBOTSTXT_RETRY_AFTER has passed', async () => {
      robotsStatus = [500];
      const result = await crawl(S, { ROBOTSTXT_OBEY: true, RETRY_ENABLED: false });
      expect(result.items).toEqual([{ failed: '/first', error: 'Forbidden by robots.txt (robots.txt unreachable: HTTP 500)' }]);
      expect(server.received.map((request) => request.path)).toEqual(['/robots.txt']);
      expect(result.stat('robotstxt/forbidden')).toBe(3);
    });

    it('retries robots.txt through RetryMiddleware before calling it unreachable', async () => {
      robotsStatus = [503];
      const result = await crawl(spiderFor([`${server.url}/second`]), { ROBOTSTXT_OBEY: true, RETRY_BACKOFF_BASE: 0 });
      expect(paths(result.items)).toEqual(['/second']);
      expect(result.stat('robotstxt/request_count')).toBe(1);
      expect(result.stat('robotstxt/response_status_count/200')).toBe(1);
    });
  });

  it('counts a network failure as an exception and forbids the origin', async () => {
    const closed = await startServer((_req, res) => html(res));
    await closed.close();
    const result = await crawl(spiderFor([`${closed.url}/page`]), { ROBOTSTXT_OBEY: true, RETRY_ENABLED: false });
    expect(result.items).toEqual([]);
    expect(result.stat('robotstxt/request_count')).toBe(1);
    expect(result.stat('robotstxt/response_count')).toBeUndefined();
    expect(result.stat('robotstxt/exception_count/DownloadError/ECONNREFUSED')).toBe(1);
    expect(result.stat('robotstxt/forbidden')).toBe(1);
    expect(result.log).toContain(`ERROR: Error downloading <GET ${closed.url}/robots.txt>`);
  });

  it('follows a robots.txt redirect to another host and applies its rules to the first origin', async () => {
    const server: TestServer = await startServer((req, res) => {
      if (req.url === '/robots.txt') res.writeHead(301, { Location: `${server.altUrl}/moved-robots.txt` }).end();
      else if (req.url === '/moved-robots.txt') res.writeHead(200, { 'Content-Type': 'text/plain' }).end('User-agent: *\nDisallow: /private\n');
      else html(res);
    });
    try {
      const result = await crawl(spiderFor([`${server.url}/public`, `${server.url}/private`], { allowedDomains: ['127.0.0.1'] }), { ROBOTSTXT_OBEY: true });
      expect(paths(result.items)).toEqual(['/public']);
      expect(server.received.map((request) => request.path).sort()).toEqual(['/moved-robots.txt', '/public', '/robots.txt']);
      expect(result.stat('robotstxt/forbidden')).toBe(1);
    } finally {
      await server.close();
    }
  });
});

describe('RobotsTxtMiddleware: waiting, Crawl-delay, Sitemap', () => {
  it('holds requests to an origin while its robots.txt downloads, without blocking other origins', async () => {
    let releaseRobots!: () => void;
    const robotsHeld = new Promise<void>((resolve) => (releaseRobots = resolve));
    const server = await startServer((req, res) => {
      const slowHost = req.headers.host?.startsWith('127.0.0.1');
      if (req.url === '/robots.txt') {
        const send = () => res.writeHead(200, { 'Content-Type': 'text/plain' }).end('User-agent: *\nDisallow: /private\n');
        if (slowHost) void robotsHeld.then(send);
        else send();
        return;
      }
      if (!slowHost) releaseRobots(); // a page of the other origin was fetched while the first origin's robots.txt was still held
      html(res);
    });
    try {
      const slow = ['/a', '/b', '/private'].map((path) => server.url + path);
      const result = await crawl(spiderFor([...slow, `${server.altUrl}/other`]), { ROBOTSTXT_OBEY: true });
      expect(paths(result.items)).toEqual(['/a', '/b', '/other']);
      const slowRequests = server.received.filter((request) => request.headers.host?.startsWith('127.0.0.1')).map((request) => request.path);
      expect(slowRequests[0]).toBe('/robots.txt');
      expect(slowRequests.filter((path) => path === '/robots.txt')).toHaveLength(1);
      const otherPage = server.received.findIndex((request) => request.path === '/other');
      const firstSlowPage = server.received.findIndex((request) => request.path === '/a' || request.path === '/b');
      expect(otherPage).toBeLessThan(firstSlowPage);
    } finally {
      await server.close();
    }
  });

  it('raises the download slot delay to the Crawl-delay for our group, and exposes the Sitemap URLs', async () => {
    const robots = [
      'Sitemap: http://example.com/sitemap.xml',
      'User-agent: *',
      'Crawl-delay: 9',
      '',
      'User-agent: arachne',
      'Crawl-delay: 0.3',
      'Disallow: /private',
      'Sitemap: http://example.com/news.xml',
    ].join('\n');
    const server = await startServer((req, res) => {
      if (req.url === '/robots.txt') res.writeHead(200, { 'Content-Type': 'text/plain' }).end(robots);
      else html(res);
    });
    try {
      let firstReady = Infinity;
      const result = await crawl(spiderFor(['/1', '/2', '/3'].map((path) => server.url + path)), { ROBOTSTXT_OBEY: true, RANDOMIZE_DOWNLOAD_DELAY: false }, (crawler) => {
        crawler.signals.on('requestReachedDownloader', ({ request }) => {
          if (!request.url.endsWith('/robots.txt')) firstReady = Math.min(firstReady, Date.now());
        });
      });
      expect(result.items).toHaveLength(3);
      const { downloader } = result.crawler.engine;
      expect(downloader.slots.get('127.0.0.1')?.delay).toBe(0.3);
      const pages = server.received.filter((request) => request.path !== '/robots.txt').map((request) => request.time);
      // Lower bounds only (as slot.test.ts): pages wait for robots.txt, whose Crawl-delay is set before the first
      // starts, so page k cannot reach the server before k delays after the first page was ready.
      pages.forEach((arrival, k) => expect(arrival - firstReady).toBeGreaterThanOrEqual(300 * k - 2));
      expect(result.log).toContain(`Crawl-delay: 0.3 s from ${server.url}/robots.txt, set on download slot '127.0.0.1'`);

      const middleware = middlewareOf(result.crawler);
      expect(middleware.sitemaps(server.url)).toEqual(['http://example.com/sitemap.xml', 'http://example.com/news.xml']);
      expect(middleware.sitemaps(`${server.url}/any/page`)).toEqual(['http://example.com/sitemap.xml', 'http://example.com/news.xml']);
      expect(middleware.robotsTxt(server.url)?.isAllowed('/private', 'Arachne/0.1')).toBe(false);
      expect(middleware.sitemaps(server.altUrl)).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('never lowers a larger DOWNLOAD_DELAY', async () => {
    const server = await startServer((req, res) => {
      if (req.url === '/robots.txt') res.writeHead(200, { 'Content-Type': 'text/plain' }).end('User-agent: *\nCrawl-delay: 0.01\n');
      else html(res);
    });
    try {
      const result = await crawl(spiderFor([`${server.url}/1`]), { ROBOTSTXT_OBEY: true, DOWNLOAD_DELAY: 0.05 });
      expect(result.crawler.engine.downloader.slots.get('127.0.0.1')?.delay).toBe(0.05);
    } finally {
      await server.close();
    }
  });
});
