import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Crawler } from '../engine/crawler.js';
import type { Response } from '../http/response.js';
import type { SettingsInput } from '../settings/settings.js';
import type { SitemapEntry } from './sitemap.js';
import { SitemapSpider, type SitemapRule } from './sitemapSpider.js';

const NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';

type Route = [contentType: string, body: string | Buffer, contentEncoding?: 'gzip'];

function routes(host: string): Record<string, Route> {
  const urlset = (entries: string) => `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="${NS}" xmlns:xhtml="http://www.w3.org/1999/xhtml">${entries}</urlset>`;
  const manyPages = Array.from({ length: 200 }, (_, i) => `<url><loc>${host}/bulk/${i}</loc></url>`).join('');
  return {
    '/robots.txt': ['text/plain', `User-agent: *\nDisallow: /private\nSitemap: /sitemap_index.xml\nsitemap: ${host}/sitemap-invalid.html\n`],
    '/sitemap_index.xml': ['application/xml', `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="${NS}">\n  <sitemap><loc>\n    ${host}/sitemap-products.xml.gz\n  </loc><lastmod>2024-01-01</lastmod></sitemap>\n  <sitemap><loc>${host}/sitemap-blog.xml</loc></sitemap>\n  <sitemap><loc>${host}/sitemap-news.xml</loc></sitemap>\n  <sitemap><loc>${host}/archive/old.xml</loc></sitemap>\n</sitemapindex>\n`],
    // Prefixed namespace, BOM, an entry without <loc>.
    '/sitemap-products.xml.gz': ['application/octet-stream', gzipSync(`\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n<sm:urlset xmlns:sm="${NS}"><sm:url><sm:loc>${host}/product/1</sm:loc></sm:url><sm:url><sm:loc>${host}/product/2</sm:loc><sm:lastmod>2024-02-02</sm:lastmod></sm:url><sm:url><sm:lastmod>2024-03-03</sm:lastmod></sm:url></sm:urlset>`)],
    '/sitemap-blog.xml': ['application/xml', urlset(`\n <url><loc>${host}/blog/hello</loc>\n  <xhtml:link rel="alternate" hreflang="de" href="${host}/de/blog/hello"/>\n  <xhtml:link rel="alternate" hreflang="fr" href="${host}/fr/blog/hello"/>\n </url>\n <url><loc>${host}/about</loc></url>\n`)],
    // Gzipped on the fly: HttpCompressionMiddleware decodes it, then the `.xml` URL marks it as a sitemap.
    '/sitemap-news.xml': ['text/plain', urlset(`<url><loc>${host}/news/1</loc></url>`), 'gzip'],
    '/archive/old.xml': ['application/xml', urlset(`<url><loc>${host}/news/old</loc></url>`)],
    '/sitemap-invalid.html': ['text/html', '<html><body>Not a sitemap</body></html>'],
    '/bulk.xml.gz': ['application/octet-stream', gzipSync(urlset(manyPages))],
  };
}

let server: Server;
let host: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const route = routes(host)[req.url ?? ''];
    if (!route) {
      res.writeHead(200, { 'content-type': 'text/html' }).end(`<html><body>${req.url}</body></html>`);
      return;
    }
    const [contentType, body, encoding] = route;
    res.writeHead(200, { 'content-type': contentType, ...(encoding ? { 'content-encoding': encoding } : {}) });
    res.end(encoding ? gzipSync(body) : body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

interface Page { path: string; callback: string }

class ShopSpider extends SitemapSpider<Page> {
  name = 'shop';
  override sitemapRules: SitemapRule[] = [['/product/', 'parseProduct'], ['/blog/', this.parseBlog], [/\/news\//, 'parse']];
  override sitemapFollow = ['products', 'blog', 'news', 'invalid'];
  override sitemapAlternateLinks = true;

  override *parse(response: Response): Generator<Page> {
    yield { path: new URL(response.url).pathname, callback: 'parse' };
  }

  *parseProduct(response: Response): Generator<Page> {
    yield { path: new URL(response.url).pathname, callback: 'parseProduct' };
  }

  *parseBlog(response: Response): Generator<Page> {
    yield { path: new URL(response.url).pathname, callback: 'parseBlog' };
  }
}

async function crawl(spider: typeof ShopSpider, urls: string[], settings: SettingsInput = {}) {
  class Configured extends spider {
    override sitemapUrls = urls.map((path) => host + path);
  }
  const logFile = path.join(await mkdtemp(path.join(tmpdir(), 'sitemap-')), 'crawl.log');
  const crawler = new Crawler(Configured, { LOG_LEVEL: 'WARNING', LOG_FILE: logFile, ...settings });
  const pages: Page[] = [];
  const scheduled: Array<string | null> = [];
  crawler.signals.on('itemScraped', ({ item }) => { pages.push(item as Page); });
  crawler.signals.on('requestScheduled', ({ request }) => { scheduled.push(request.toData(crawler.spider).callback); });
  await crawler.crawl();
  const warnings = (await readFile(logFile, 'utf8')).split('\n').filter((line) => line.includes('WARNING:')).map((line) => line.slice(line.indexOf('WARNING: ') + 9));
  return { pages: pages.sort((a, b) => a.path.localeCompare(b.path)), warnings, scheduled, crawler };
}

describe('SitemapSpider', () => {
  it('crawls what Scrapy 2.8 crawls from robots.txt, an index, gzipped, alternate-link and invalid sitemaps', async () => {
    const { pages, warnings, crawler } = await crawl(ShopSpider, ['/robots.txt']);
    // Scrapy 2.8's SitemapSpider with the same rules, against the same routes.
    expect(pages).toEqual([
      { path: '/blog/hello', callback: 'parseBlog' },
      { path: '/de/blog/hello', callback: 'parseBlog' },
      { path: '/fr/blog/hello', callback: 'parseBlog' },
      { path: '/news/1', callback: 'parse' },
      { path: '/product/1', callback: 'parseProduct' },
      { path: '/product/2', callback: 'parseProduct' },
    ]);
    expect(warnings).toEqual([`Ignoring invalid sitemap: <200 ${host}/sitemap-invalid.html>`]);
    expect(crawler.stats.getValue('sitemap/invalid')).toBe(1);
  });

  it('follows every sub-sitemap and sends every page to parse by default, without alternates', async () => {
    class Plain extends ShopSpider {
      override sitemapRules: SitemapRule[] = [['', 'parse']];
      override sitemapFollow = [''];
      override sitemapAlternateLinks = false;
    }
    const { pages } = await crawl(Plain, ['/sitemap_index.xml']);
    expect(pages.map((page) => page.path)).toEqual(['/about', '/blog/hello', '/news/1', '/news/old', '/product/1', '/product/2']);
    expect(new Set(pages.map((page) => page.callback))).toEqual(new Set(['parse']));
  });

  it('lets sitemapFilter drop entries', async () => {
    class Recent extends ShopSpider {
      override *sitemapFilter(entries: Iterable<SitemapEntry>): Iterable<SitemapEntry> {
        for (const entry of entries) if (entry.lastmod !== undefined) yield entry;
      }
    }
    const { pages } = await crawl(Recent, ['/sitemap-products.xml.gz']);
    expect(pages).toEqual([{ path: '/product/2', callback: 'parseProduct' }]);
  });

  it('treats a gzipped sitemap that inflates past DOWNLOAD_MAXSIZE as invalid', async () => {
    const { pages, crawler } = await crawl(ShopSpider, ['/bulk.xml.gz'], { DOWNLOAD_MAXSIZE: 4000 });
    expect(pages).toEqual([]);
    expect(crawler.stats.getValue('sitemap/invalid')).toBe(1);
  });

  it('fails at start on a rule naming a method the spider lacks', async () => {
    class Broken extends ShopSpider {
      override sitemapRules: SitemapRule[] = [['', 'parseMissing']];
    }
    await expect(new Crawler(Broken, { LOG_ENABLED: false }).crawl()).rejects.toThrow(/"parseMissing", which is not a method/);
  });

  it('names every callback, so each request serializes', async () => {
    const { scheduled } = await crawl(ShopSpider, ['/sitemap-blog.xml', '/sitemap-products.xml.gz']);
    expect(scheduled.sort()).toEqual(['_parseSitemap', '_parseSitemap', 'parseBlog', 'parseBlog', 'parseBlog', 'parseProduct', 'parseProduct']);
  });
});
