/**
 * The log a Scrapy user reads: Scrapy's LogFormatter lines, errors from
 * callbacks with the user's own file and line, `log_count/*` stats, components
 * by their public names, and a LOG_FORMATTER of one's own.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Crawler } from '../src/engine/crawler.js';
import { LogFormatter, type LogEntry } from '../src/engine/logFormatter.js';
import { Spider } from '../src/spiders/spider.js';
import { Request } from '../src/http/request.js';
import type { Response } from '../src/http/response.js';
import { DropItem } from '../src/errors.js';
import type { SettingsInput } from '../src/settings/settings.js';
import { startServer, type TestServer } from './support/testServer.js';

let server: TestServer;
let dir: string;
beforeAll(async () => {
  server = await startServer((req, res) => {
    if (req.url === '/moved') res.writeHead(302, { Location: '/page' }).end();
    else res.writeHead(200, { 'Content-Type': 'text/html' }).end('<a href="/page">x</a>');
  });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arachne-log-'));
});
afterAll(async () => {
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function crawlLog(spider: new () => Spider, settings: SettingsInput = {}): Promise<{ log: string; crawler: Crawler }> {
  const logFile = path.join(dir, `${Math.random().toString(36).slice(2)}.log`);
  const crawler = new Crawler(spider, { LOG_FILE: logFile, LOGSTATS_INTERVAL: 0, STATS_DUMP: false, ...settings });
  await crawler.crawl();
  return { log: fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '', crawler };
}

class PricePipeline {
  processItem(item: { price?: number }) {
    if (item.price === undefined) throw new DropItem('no price');
    return item;
  }
}

class ShopSpider extends Spider {
  name = 'shop';
  override async *start() {
    yield new Request(`${server.url}/moved`, { flags: ['first'] });
  }
  override *parse(response: Response) {
    yield { title: 'with price', price: 3 };
    yield { title: 'without price' };
    if (!response.url.endsWith('/page?again')) yield new Request(`${server.url}/page?again`);
  }
}

describe('log lines', () => {
  it("writes Scrapy's Crawled and Scraped lines at DEBUG, and dropped items at WARNING", async () => {
    const { log } = await crawlLog(ShopSpider, { LOG_LEVEL: 'DEBUG', ITEM_PIPELINES: [[PricePipeline, 100]] });
    // As in Scrapy, a redirect is logged by RedirectMiddleware, and only the page it leads to as crawled.
    expect(log).toContain(`DEBUG: Redirecting (302) to <GET ${server.url}/page> from <GET ${server.url}/moved>`);
    expect(log).toContain(`DEBUG: Crawled (200) <GET ${server.url}/page> ['first'] (referer: None)`);
    expect(log).toContain(`DEBUG: Crawled (200) <GET ${server.url}/page?again> (referer: ${server.url}/page)`);
    expect(log).toContain(`DEBUG: Scraped from <200 ${server.url}/page>\n{"title":"with price","price":3}\n`);
    expect(log).toContain(`WARNING: Dropped: no price\n{"title":"without price"}\n`);
  });

  it('names components by their public names', async () => {
    const { log } = await crawlLog(ShopSpider, { ITEM_PIPELINES: [[PricePipeline, 100]] });
    expect(log).toMatch(/Enabled downloader middlewares: OffsiteMiddleware, HttpAuthMiddleware, DownloadTimeoutMiddleware,/);
    expect(log).toContain('Enabled item pipelines: PricePipeline');
  });

  it('counts log records by level as Scrapy does, logged or not', async () => {
    const { crawler } = await crawlLog(ShopSpider, { LOG_LEVEL: 'INFO', ITEM_PIPELINES: [[PricePipeline, 100]] });
    expect(crawler.stats.getValue('log_count/WARNING')).toBe(2);
    expect(crawler.stats.getValue('log_count/INFO')).toBeGreaterThan(3);
    expect(crawler.stats.getValue('log_count/DEBUG')).toBeUndefined(); // below LOG_LEVEL
    const quiet = await crawlLog(ShopSpider, { LOG_ENABLED: false, ITEM_PIPELINES: [[PricePipeline, 100]] });
    expect(quiet.crawler.stats.getValue('log_count/WARNING')).toBe(2);
  });

  it("logs a callback's error at ERROR with the spider's own file and line, at the default level", async () => {
    class Broken extends Spider {
      name = 'broken';
      override startUrls = [`${server.url}/page`];
      override parse(): never {
        throw new TypeError('price.toFixed is not a function');
      }
    }
    const { log, crawler } = await crawlLog(Broken);
    const thisFile = fileURLToPath(import.meta.url);
    expect(log).toMatch(new RegExp(`ERROR: Spider error processing <GET ${server.url}/page> \\(referer: None\\): TypeError: price.toFixed is not a function\\n    at Broken.parse \\(${thisFile.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:\\d+:\\d+\\)`));
    expect(log).not.toContain('/src/engine/scraper.ts');
    expect(crawler.stats.getValue('log_count/ERROR')).toBe(1);
    expect(crawler.stats.getValue('spider_exceptions/TypeError')).toBe(1);
  });

  it('takes its wording from LOG_FORMATTER', async () => {
    class Terse extends LogFormatter {
      override crawled(request: Request, response: Response): LogEntry {
        return { level: 'INFO', message: `got ${response.status} for ${request.url}` };
      }
      override dropped(): null {
        return null;
      }
    }
    const { log } = await crawlLog(ShopSpider, { LOG_FORMATTER: Terse, ITEM_PIPELINES: [[PricePipeline, 100]] });
    expect(log).toContain(`INFO: got 200 for ${server.url}/page`);
    expect(log).not.toContain('Dropped');
  });
});
