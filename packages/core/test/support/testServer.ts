/**
 * Test helpers for the middleware tests: a node:http server on 127.0.0.1
 * (port 0) that records what it receives, and a one-call crawl that returns
 * the crawler, the scraped items and the log.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Crawler } from '../../src/engine/crawler.js';
import type { SpiderClass } from '../../src/spiders/spider.js';
import type { SettingsInput } from '../../src/settings/settings.js';

export interface ReceivedRequest {
  method: string;
  /** Path plus query, as sent. */
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Date.now() when the request arrived. */
  time: number;
}

export interface TestServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** The same server as `http://localhost:PORT`: another host (and download slot). */
  altUrl: string;
  received: ReceivedRequest[];
  close(): Promise<void>;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void;

export async function startServer(handler: Handler): Promise<TestServer> {
  const received: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      received.push({ method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body, time: Date.now() });
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    altUrl: `http://localhost:${port}`,
    received,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

export interface CrawlResult {
  crawler: Crawler;
  items: Array<Record<string, any>>;
  /** Everything logged at DEBUG and above. */
  log: string;
  stat(key: string): number | undefined;
}

/**
 * Crawl with `spiderClass` to the end, logging at DEBUG into a temporary file
 * that is returned as text; `prepare` may connect to the crawler's signals first.
 */
export async function crawl(spiderClass: SpiderClass, settings: SettingsInput = {}, prepare?: (crawler: Crawler) => void): Promise<CrawlResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arachne-mw-'));
  const logFile = path.join(dir, 'crawl.log');
  const crawler = new Crawler(spiderClass, { LOG_LEVEL: 'DEBUG', LOG_FILE: logFile, STATS_DUMP: false, LOGSTATS_INTERVAL: 0, ...settings });
  const items: Array<Record<string, any>> = [];
  crawler.signals.on('itemScraped', ({ item }) => {
    items.push(item as Record<string, any>);
  });
  prepare?.(crawler);
  await crawler.crawl();
  const log = fs.readFileSync(logFile, 'utf8');
  fs.rmSync(dir, { recursive: true, force: true });
  return { crawler, items, log, stat: (key) => crawler.stats.getValue(key) };
}
