import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Crawler } from '../../../engine/crawler.js';
import { Spider } from '../../../spiders/spider.js';
import { Request } from '../../../http/request.js';
import type { TextResponse } from '../../../http/response.js';
import { Settings, type SettingsInput } from '../../../settings/settings.js';
import { NotConfigured, SettingsError } from '../../../errors.js';
import { requestFingerprint } from '../../../scheduler/fingerprint.js';
import { crawl, startServer, type TestServer } from '../../../../test/support/testServer.js';
import { HttpCacheMiddleware } from './middleware.js';
import type { CacheEntryMeta } from './filesystemStorage.js';

/** Follows links and yields each page's title and flags. */
function siteSpider(startUrls: string[], meta: Record<string, unknown> = {}) {
  return class extends Spider {
    name = 'cached';
    override async *start() {
      for (const url of startUrls) yield new Request({ url, meta: { ...meta } });
    }
    override async *parse(response: TextResponse) {
      yield { url: response.url, status: response.status, title: response.css('title::text').get() ?? null, cached: response.flags.includes('cached') };
      for (const href of response.css('a::attr(href)').getAll()) yield response.follow(href, { meta: { ...meta } });
    }
  };
}

const byUrl = (items: Array<Record<string, any>>) => [...items].sort((a, b) => String(a.url).localeCompare(String(b.url)));

/** Every `meta.json` under `dir`. */
function metaFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('meta.json')).map((name) => path.join(dir, name));
}

function rewriteMeta(file: string, change: (meta: CacheEntryMeta) => void): void {
  const meta = JSON.parse(fs.readFileSync(file, 'utf8')) as CacheEntryMeta;
  change(meta);
  fs.writeFileSync(file, JSON.stringify(meta));
}

describe('HttpCacheMiddleware', () => {
  let server: TestServer;
  let cacheDir: string;
  /** Current ETag and body version of /rfc/etag. */
  let version = 1;
  const hits = (pathname: string) => server.received.filter((r) => r.path === pathname);
  const settings = (extra: SettingsInput = {}): SettingsInput => ({ HTTPCACHE_ENABLED: true, HTTPCACHE_DIR: cacheDir, ...extra });

  beforeAll(async () => {
    server = await startServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const html = (title: string, extra = '') => `<html><head><title>${title}</title></head><body>${extra}</body></html>`;
      const hourAgo = new Date(Date.now() - 3600_000).toUTCString();
      switch (url.pathname) {
        case '/':
          res.writeHead(200, { 'Content-Type': 'text/html' }).end(html('home', '<a href="/p1">1</a><a href="/p2">2</a><a href="/p3">3</a>'));
          return;
        case '/missing':
          res.writeHead(404, { 'Content-Type': 'text/html' }).end(html('not found'));
          return;
        case '/gzip':
          res.writeHead(200, { 'Content-Type': 'text/html', 'Content-Encoding': 'gzip' }).end(gzipSync(html('compressed')));
          return;
        case '/rfc/fresh':
          res.writeHead(200, { 'Content-Type': 'text/html', 'Cache-Control': 'public, max-age=3600' }).end(html('fresh'));
          return;
        case '/rfc/nostore':
          res.writeHead(200, { 'Content-Type': 'text/html', 'Cache-Control': 'no-store', ETag: '"x"' }).end(html('nostore'));
          return;
        case '/rfc/novalidator':
          res.writeHead(200, { 'Content-Type': 'text/html' }).end(html('novalidator'));
          return;
        case '/rfc/etag': {
          // Stale at once: a minute of freshness, sent an hour ago.
          const etag = `"v${version}"`;
          if (req.headers['if-none-match'] === etag) {
            res.writeHead(304, { ETag: etag, Date: hourAgo }).end();
            return;
          }
          res.writeHead(200, { 'Content-Type': 'text/html', 'Cache-Control': 'max-age=60', ETag: etag, Date: hourAgo }).end(html(`version ${version}`));
          return;
        }
        default:
          res.writeHead(200, { 'Content-Type': 'text/html' }).end(html(url.pathname.slice(1)));
      }
    });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arachne-httpcache-'));
    server.received.length = 0;
    version = 1;
  });
  afterEach(() => fs.rmSync(cacheDir, { recursive: true, force: true }));

  it('is not configured unless HTTPCACHE_ENABLED, and rejects an unknown policy', () => {
    class S extends Spider {
      name = 's';
    }
    expect(() => new HttpCacheMiddleware(new Crawler(S, { LOG_ENABLED: false }))).toThrow(NotConfigured);
    expect(() => new HttpCacheMiddleware(new Crawler(S, { LOG_ENABLED: false, HTTPCACHE_ENABLED: true, HTTPCACHE_POLICY: 'Nope' }))).toThrow(SettingsError);
  });

  it('serves the cache with the server stopped: same items, all hits, no network errors', async () => {
    const site = await startServer((req, res) => {
      const links = req.url === '/' ? '<a href="/x">x</a><a href="/y">y</a>' : '';
      res.writeHead(200, { 'Content-Type': 'text/html' }).end(`<title>${req.url}</title>${links}`);
    });
    const spider = siteSpider([`${site.url}/`]);
    const first = await crawl(spider, settings());
    expect(byUrl(first.items).map((item) => item.title)).toEqual(['/', '/x', '/y']);
    expect(first.items.every((item) => !item.cached)).toBe(true);
    expect([first.stat('httpcache/miss'), first.stat('httpcache/firsthand'), first.stat('httpcache/store'), first.stat('httpcache/hit')]).toEqual([3, 3, 3, undefined]);
    expect(metaFiles(cacheDir)).toHaveLength(3);
    await site.close();

    const second = await crawl(spider, settings());
    expect(byUrl(second.items)).toEqual(byUrl(first.items).map((item) => ({ ...item, cached: true })));
    expect(second.stat('httpcache/hit')).toBe(3);
    expect(second.stat('httpcache/miss')).toBeUndefined();
    expect(second.stat('downloader/exception_count')).toBeUndefined();
    expect(second.stat('log_count/ERROR')).toBeUndefined();
  });

  it('stores under <project>/.arachne/<HTTPCACHE_DIR>/<spider>/<fp[0:2]>/<fp>/', async () => {
    const projectDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arachne-project-'));
    const projectSettings = new Settings({ LOG_ENABLED: false, HTTPCACHE_ENABLED: true });
    projectSettings.baseDir = projectDir;
    const crawler = new Crawler(siteSpider([`${server.url}/p1`]), projectSettings);
    await crawler.crawl();
    const fp = requestFingerprint({ method: 'GET', url: `${server.url}/p1` });
    const entry = path.join(projectDir, '.arachne', 'httpcache', 'cached', fp.slice(0, 2), fp);
    const meta = JSON.parse(fs.readFileSync(path.join(entry, 'meta.json'), 'utf8')) as CacheEntryMeta;
    expect(meta).toMatchObject({ url: `${server.url}/p1`, method: 'GET', status: 200, responseUrl: `${server.url}/p1` });
    expect(meta.headers.find(([name]) => name.toLowerCase() === 'content-type')).toEqual(['Content-Type', 'text/html']);
    expect(Math.abs(meta.timestamp - Date.now() / 1000)).toBeLessThan(60);
    expect(fs.readFileSync(path.join(entry, meta.body), 'utf8')).toContain('<title>p1</title>');
    expect(fs.readdirSync(entry).sort()).toEqual([meta.body, 'meta.json'].sort());
    fs.rmSync(projectDir, { recursive: true, force: true });
  });

  it('treats entries older than HTTPCACHE_EXPIRATION_SECS as misses', async () => {
    const spider = siteSpider([`${server.url}/old`, `${server.url}/recent`]);
    await crawl(spider, settings({ HTTPCACHE_EXPIRATION_SECS: 60 }));
    const oldFp = requestFingerprint({ method: 'GET', url: `${server.url}/old` });
    rewriteMeta(metaFiles(cacheDir).find((file) => file.includes(oldFp))!, (meta) => {
      meta.timestamp -= 120;
    });
    const second = await crawl(spider, settings({ HTTPCACHE_EXPIRATION_SECS: 60 }));
    expect(second.stat('httpcache/hit')).toBe(1);
    expect(second.stat('httpcache/miss')).toBe(1);
    expect(hits('/old')).toHaveLength(2);
    expect(hits('/recent')).toHaveLength(1);
    // Re-stored, so fresh again.
    const third = await crawl(spider, settings({ HTTPCACHE_EXPIRATION_SECS: 60 }));
    expect(third.stat('httpcache/hit')).toBe(2);
  });

  it('does not store HTTPCACHE_IGNORE_HTTP_CODES', async () => {
    const spider = siteSpider([`${server.url}/missing`, `${server.url}/p1`]);
    const first = await crawl(spider, settings({ HTTPCACHE_IGNORE_HTTP_CODES: [404] }));
    expect(first.stat('httpcache/uncacheable')).toBe(1);
    expect(first.stat('httpcache/store')).toBe(1);
    const second = await crawl(spider, settings({ HTTPCACHE_IGNORE_HTTP_CODES: [404] }));
    expect(second.stat('httpcache/hit')).toBe(1);
    expect(second.stat('httpcache/miss')).toBe(1);
    expect(hits('/missing')).toHaveLength(2);
  });

  it('skips requests with meta.dont_cache', async () => {
    const spider = siteSpider([`${server.url}/p2`], { dont_cache: true });
    const first = await crawl(spider, settings());
    const second = await crawl(spider, settings());
    expect(hits('/p2')).toHaveLength(2);
    expect([first.stat('httpcache/miss'), first.stat('httpcache/store'), second.stat('httpcache/hit')]).toEqual([undefined, undefined, undefined]);
    expect(fs.readdirSync(cacheDir)).toEqual([]);
  });

  it('drops requests not in the cache with HTTPCACHE_IGNORE_MISSING', async () => {
    await crawl(siteSpider([`${server.url}/p1`]), settings());
    const result = await crawl(siteSpider([`${server.url}/p1`, `${server.url}/uncached`]), settings({ HTTPCACHE_IGNORE_MISSING: true }));
    expect(result.items.map((item) => item.title)).toEqual(['p1']);
    expect(result.stat('httpcache/ignore')).toBe(1);
    expect(result.stat('request_dropped_reasons_count/httpcache_missing')).toBe(1);
    expect(hits('/uncached')).toHaveLength(0);
  });

  it('stores compressed bodies as received and decodes them on every replay', async () => {
    const spider = siteSpider([`${server.url}/gzip`]);
    const first = await crawl(spider, settings());
    const second = await crawl(spider, settings());
    expect(first.items[0]!.title).toBe('compressed');
    expect(second.items).toEqual([{ ...first.items[0], cached: true }]);
  });

  it('does not store uncacheable schemes (HTTPCACHE_IGNORE_SCHEMES)', async () => {
    const spider = siteSpider([`${server.url}/p3`]);
    await crawl(spider, settings({ HTTPCACHE_IGNORE_SCHEMES: ['http'] }));
    const second = await crawl(spider, settings({ HTTPCACHE_IGNORE_SCHEMES: ['http'] }));
    expect(second.stat('httpcache/miss')).toBeUndefined();
    expect(hits('/p3')).toHaveLength(2);
  });

  describe('with RFC2616Policy', () => {
    const rfc = (extra: SettingsInput = {}) => settings({ HTTPCACHE_POLICY: 'RFC2616Policy', ...extra });

    it('serves a response within its max-age from the cache', async () => {
      const spider = siteSpider([`${server.url}/rfc/fresh`]);
      await crawl(spider, rfc());
      const second = await crawl(spider, rfc());
      expect(second.items).toEqual([{ url: `${server.url}/rfc/fresh`, status: 200, title: 'fresh', cached: true }]);
      expect(second.stat('httpcache/hit')).toBe(1);
      expect(hits('/rfc/fresh')).toHaveLength(1);
    });

    it('never stores no-store responses, nor ones it could neither expire nor revalidate', async () => {
      const spider = siteSpider([`${server.url}/rfc/nostore`, `${server.url}/rfc/novalidator`]);
      const first = await crawl(spider, rfc());
      expect(first.stat('httpcache/uncacheable')).toBe(2);
      expect(first.stat('httpcache/store')).toBeUndefined();
      await crawl(spider, rfc());
      expect(hits('/rfc/nostore')).toHaveLength(2);
    });

    it('stores everything but no-store with HTTPCACHE_ALWAYS_STORE', async () => {
      const first = await crawl(siteSpider([`${server.url}/rfc/nostore`, `${server.url}/rfc/novalidator`]), rfc({ HTTPCACHE_ALWAYS_STORE: true }));
      expect([first.stat('httpcache/store'), first.stat('httpcache/uncacheable')]).toEqual([1, 1]);
    });

    it('ignores the directives in HTTPCACHE_IGNORE_RESPONSE_CACHE_CONTROLS', async () => {
      const first = await crawl(siteSpider([`${server.url}/rfc/nostore`]), rfc({ HTTPCACHE_IGNORE_RESPONSE_CACHE_CONTROLS: ['no-store'] }));
      expect(first.stat('httpcache/store')).toBe(1); // stored for its ETag once no-store is ignored
    });

    it('revalidates a stale entry with If-None-Match and keeps it on 304', async () => {
      const spider = siteSpider([`${server.url}/rfc/etag`]);
      await crawl(spider, rfc());
      const second = await crawl(spider, rfc());
      expect(second.items).toEqual([{ url: `${server.url}/rfc/etag`, status: 200, title: 'version 1', cached: true }]);
      expect(second.stat('httpcache/revalidate')).toBe(1);
      expect(hits('/rfc/etag').map((r) => r.headers['if-none-match'] ?? null)).toEqual([null, '"v1"']);
    });

    it('replaces a stale entry the server changed, and stores the new version', async () => {
      const spider = siteSpider([`${server.url}/rfc/etag`]);
      await crawl(spider, rfc());
      version = 2;
      const second = await crawl(spider, rfc());
      expect(second.items).toEqual([{ url: `${server.url}/rfc/etag`, status: 200, title: 'version 2', cached: false }]);
      expect([second.stat('httpcache/invalidate'), second.stat('httpcache/store')]).toEqual([1, 1]);
      const third = await crawl(spider, rfc());
      expect(third.items[0]!.title).toBe('version 2');
      expect(third.stat('httpcache/revalidate')).toBe(1);
      expect(hits('/rfc/etag').at(-1)!.headers['if-none-match']).toBe('"v2"');
    });

    it('falls back to a stale entry when the server cannot be reached', async () => {
      const site = await startServer((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'text/html', 'Cache-Control': 'max-age=0', ETag: '"e"' }).end('<title>kept</title>');
      });
      const spider = siteSpider([`${site.url}/`]);
      await crawl(spider, rfc());
      await site.close();
      const second = await crawl(spider, rfc({ RETRY_ENABLED: false }));
      expect(second.items).toEqual([{ url: `${site.url}/`, status: 200, title: 'kept', cached: true }]);
      expect(second.stat('httpcache/errorrecovery')).toBe(1);
    });
  });
});
