/**
 * Crawls with the Playwright handler for the tests: the handler on http and
 * https, the log at DEBUG in a temporary file, and the items and stats
 * handed back.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Crawler, type SettingsInput, type SpiderClass } from '@arachne/core';
import { PlaywrightDownloadHandler } from '../../src/index.js';

export const BROWSER_SETTINGS: SettingsInput = {
  DOWNLOAD_HANDLERS: { http: PlaywrightDownloadHandler, https: PlaywrightDownloadHandler },
  LOG_LEVEL: 'DEBUG',
  STATS_DUMP: false,
  LOGSTATS_INTERVAL: 0,
};

export interface CrawlResult {
  crawler: Crawler;
  items: Array<Record<string, any>>;
  /** Everything logged at DEBUG and above. */
  log: string;
  stat(key: string): number | undefined;
}

/** Crawl to the end with the browser handler, logging at DEBUG into a temporary file that is returned as text. */
export async function crawl(spiderClass: SpiderClass, settings: SettingsInput = {}): Promise<CrawlResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arachne-playwright-'));
  const logFile = path.join(dir, 'crawl.log');
  const crawler = new Crawler(spiderClass, { ...BROWSER_SETTINGS, LOG_FILE: logFile, ...settings });
  const items: Array<Record<string, any>> = [];
  crawler.signals.on('itemScraped', ({ item }) => void items.push(item as Record<string, any>));
  try {
    await crawler.crawl();
    return { crawler, items, log: fs.readFileSync(logFile, 'utf8'), stat: (key) => crawler.stats.getValue(key) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
