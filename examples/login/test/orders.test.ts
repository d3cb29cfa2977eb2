/** The login example, run as a user would: sign in to its demo shop, crawl the orders, download the invoices. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Crawler, type FileResult, type SettingsInput } from '@arachne/core';
import { OrdersSpider, type Order } from '../spiders/orders.js';
import config from '../arachne.config.js';

async function crawlOrders(settings: SettingsInput = {}, args: Record<string, string> = {}) {
  const store = fs.mkdtempSync(path.join(os.tmpdir(), 'arachne-login-example-'));
  const crawler = new Crawler(OrdersSpider, { ...config, FILES_STORE: store, LOG_ENABLED: false, LOGSTATS_INTERVAL: 0, STATS_DUMP: false, ...settings });
  const orders: Array<Order & { invoices: FileResult[] }> = [];
  crawler.signals.on('itemScraped', ({ item }) => { orders.push(item as Order & { invoices: FileResult[] }); });
  await crawler.crawl(args);
  return { orders: orders.sort((a, b) => a.id - b.id), stats: crawler.stats, store };
}

describe('the login example', () => {
  it('signs in, crawls the orders, drops the one without a date, and downloads the invoices with the session', async () => {
    const { orders, stats, store } = await crawlOrders();
    expect(orders.map((order) => [order.id, order.total])).toEqual([[1001, 20.97], [1002, 7.5], [1003, 20.25]]);
    expect(stats.getValue('item_dropped_reasons_count/validation')).toBe(1);
    for (const order of orders) {
      const [invoice] = order.invoices;
      expect(invoice).toMatchObject({ url: order.invoiceUrls[0], status: 'downloaded' });
      expect(fs.readFileSync(path.join(store, invoice!.path), 'utf8')).toContain(`Invoice ${order.id} for ana`);
    }
    fs.rmSync(store, { recursive: true, force: true });
  });

  it('stops at the login with a wrong password', async () => {
    const { orders, stats, store } = await crawlOrders({}, { password: 'wrong' });
    expect(orders).toEqual([]);
    expect(stats.getValue('log_count/ERROR')).toBe(1);
    fs.rmSync(store, { recursive: true, force: true });
  });
});
