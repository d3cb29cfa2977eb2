/**
 * The spider closes in Scrapy's order: in-flight work done → downloader
 * (middlewares) closed → spider middlewares → item pipelines, each
 * `closeSpider` awaited in turn → scheduler → `spiderClosed` listeners one at a
 * time (feed exporters among them) → the spider's `closed()` → stats dumped.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Crawler } from '../src/engine/crawler.js';
import type { CrawlerContext } from '../src/component/context.js';
import { Spider } from '../src/spiders/spider.js';
import { Request } from '../src/http/request.js';
import { startServer, type TestServer } from './support/testServer.js';

let server: TestServer;
let dir: string;
beforeAll(async () => {
  server = await startServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<p>ok</p>'));
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arachne-close-'));
});
afterAll(async () => {
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('closing a spider', () => {
  it('closes middlewares, then pipelines in turn, then spiderClosed listeners in turn, then dumps the stats', async () => {
    const events: string[] = [];
    const feedFile = path.join(dir, 'items.json');
    const batchFile = path.join(dir, 'batch.json');
    const logFile = path.join(dir, 'crawl.log');

    class ItemsSpider extends Spider {
      name = 'close-order';
      override async *start() {
        for (let n = 0; n < 5; n++) yield new Request(`${server.url}/${n}`, { cbKwargs: { n } });
      }
      override parse(_response: unknown, { n }: { n: number }) {
        return [{ n }];
      }
      override closed(reason: string) {
        events.push(`spider.closed(${reason})`);
      }
    }
    /** Batches items and writes them out only when closing, after a few turns of the event loop. */
    class BatchPipeline {
      readonly #batch: unknown[] = [];
      constructor(readonly crawler: CrawlerContext) {}
      processItem(item: unknown) {
        this.#batch.push(item);
        return item;
      }
      async closeSpider() {
        events.push('BatchPipeline closing');
        for (let i = 0; i < 5; i++) await nextTurn();
        // The feed is still open: its JSON array is not closed yet.
        events.push(`feed complete while pipelines close: ${fs.readFileSync(feedFile, 'utf8').trimEnd().endsWith(']')}`);
        fs.writeFileSync(batchFile, JSON.stringify(this.#batch));
        this.crawler.stats.setValue('batch/flushed', this.#batch.length);
        events.push('BatchPipeline closed');
      }
    }
    class LastPipeline {
      processItem(item: unknown) {
        return item;
      }
      closeSpider() {
        events.push('LastPipeline closed');
      }
    }
    class ClosingMiddleware {
      closeSpider() {
        events.push('downloader middleware closed');
      }
    }
    class ClosingSpiderMiddleware {
      closeSpider() {
        events.push('spider middleware closed');
      }
    }
    /** Two slow spiderClosed listeners: the second starts only when the first is done. */
    class SlowListeners {
      constructor(crawler: CrawlerContext) {
        for (const name of ['first', 'second']) {
          crawler.signals.on('spiderClosed', async () => {
            events.push(`${name} listener start (batch file: ${fs.existsSync(batchFile)})`);
            for (let i = 0; i < 3; i++) await nextTurn();
            events.push(`${name} listener end`);
          });
        }
      }
    }

    const crawler = new Crawler(ItemsSpider, {
      LOG_FILE: logFile,
      LOGSTATS_INTERVAL: 0,
      FEEDS: { [feedFile]: { format: 'json' } },
      ITEM_PIPELINES: [[BatchPipeline, 100], [LastPipeline, 200]],
      DOWNLOADER_MIDDLEWARES: [[ClosingMiddleware, 543]],
      SPIDER_MIDDLEWARES: [[ClosingSpiderMiddleware, 543]],
      EXTENSIONS: [[SlowListeners, 0]],
    });
    expect(await crawler.crawl()).toBe('finished');

    expect(events).toEqual([
      'downloader middleware closed',
      'spider middleware closed',
      'BatchPipeline closing',
      'feed complete while pipelines close: false',
      'BatchPipeline closed',
      'LastPipeline closed',
      'first listener start (batch file: true)',
      'first listener end',
      'second listener start (batch file: true)',
      'second listener end',
      'spider.closed(finished)',
    ]);
    expect(JSON.parse(fs.readFileSync(feedFile, 'utf8'))).toHaveLength(5);
    expect(JSON.parse(fs.readFileSync(batchFile, 'utf8'))).toHaveLength(5);
    // A stat set while a pipeline closes is in crawler.stats and in the final dump.
    expect(crawler.stats.getValue('batch/flushed')).toBe(5);
    const log = fs.readFileSync(logFile, 'utf8');
    const dump = log.slice(log.indexOf('Dumping Arachne stats:'));
    expect(dump).toContain('"batch/flushed": 5');
    expect(dump).toContain('"feedexport/success_count/FileFeedStorage": 1');
    expect(log.indexOf('Dumping Arachne stats:')).toBeLessThan(log.indexOf('Spider closed (finished)'));
  });

  it('logs a failing closeSpider with the component\'s name and still closes the others', async () => {
    const closed: string[] = [];
    const logFile = path.join(dir, 'failing.log');
    class NothingSpider extends Spider {
      name = 'nothing';
    }
    class Failing {
      processItem(item: unknown) {
        return item;
      }
      async closeSpider() {
        throw new Error('disk full');
      }
    }
    class After {
      processItem(item: unknown) {
        return item;
      }
      closeSpider() {
        closed.push('After');
      }
    }
    const crawler = new Crawler(NothingSpider, { LOG_FILE: logFile, LOGSTATS_INTERVAL: 0, STATS_DUMP: false, ITEM_PIPELINES: [[Failing, 1], [After, 2]] });
    expect(await crawler.crawl()).toBe('finished');
    expect(closed).toEqual(['After']);
    expect(fs.readFileSync(logFile, 'utf8')).toMatch(/ERROR: Error closing Failing: Error: disk full/);
    expect(crawler.stats.getValue('log_count/ERROR')).toBe(1);
  });
});
