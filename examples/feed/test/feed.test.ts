/** The feed example, run as a user would: the product feed with its images, and the stock list. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Crawler, type FileResult, type SettingsInput, type Spider } from '@arachne/core';
import { ProductsSpider, type Product } from '../spiders/products.js';
import { StockSpider } from '../spiders/stock.js';
import config from '../arachne.config.js';

const QUIET: SettingsInput = { ...config, LOG_ENABLED: false, LOGSTATS_INTERVAL: 0, STATS_DUMP: false };

async function run<T>(spider: new () => Spider<any>, settings: SettingsInput = {}) {
  const crawler = new Crawler(spider, { ...QUIET, ...settings });
  const items: T[] = [];
  crawler.signals.on('itemScraped', ({ item }) => { items.push(item as T); });
  await crawler.crawl();
  return { items, stats: crawler.stats };
}

describe('the feed example', () => {
  it('reads every product of the feed and stores the covers with thumbnails, once each', async () => {
    const store = fs.mkdtempSync(path.join(os.tmpdir(), 'arachne-feed-example-'));
    const { items, stats } = await run<Product & { images: FileResult[] }>(ProductsSpider, { IMAGES_STORE: store });
    // Items leave the pipelines as their images arrive: sort them back into feed order.
    items.sort((a, b) => a.id.localeCompare(b.id));
    expect(items.map((product) => product.id)).toEqual(['B-1001', 'B-1002', 'B-1003', 'B-1004', 'B-1005', 'B-1006', 'B-1007', 'B-1008']);
    expect(items[0]).toMatchObject({ title: 'Dune by Frank Herbert', price: 9.99, currency: 'GBP', availability: 'in_stock' });
    // Two products share each of two covers; one cover is missing and one is a placeholder below IMAGES_MIN_WIDTH.
    expect(items.map((product) => product.images.length)).toEqual([1, 1, 1, 1, 1, 1, 0, 0]);
    expect(stats.getValue('file_status_count/downloaded')).toBe(5);
    for (const product of items.filter((candidate) => candidate.images.length > 0)) {
      const sha1 = path.basename(product.images[0]!.path);
      expect(fs.existsSync(path.join(store, 'full', sha1))).toBe(true);
      expect(fs.existsSync(path.join(store, 'thumbs', 'small', sha1))).toBe(true);
    }
    fs.rmSync(store, { recursive: true, force: true });
  });

  it('reads the stock list, skipping the row that has too few fields', async () => {
    const { items, stats } = await run(StockSpider);
    expect(items).toHaveLength(8);
    expect(items[1]).toEqual({ sku: 'B-1002', warehouse: 'London', quantity: 7, updated: '2024-05-02' });
    expect(stats.getValue('csvfeed/ignored_row_count')).toBe(1);
  });
});
