/**
 * A browser killed in the middle of a crawl: the requests its pages held fail,
 * are retried on a new browser, and nothing is lost.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Request, Spider, type TextResponse } from '@arachne/core';
import { crawl } from './support/crawl.js';
import { browserProcesses } from './support/processTree.js';

const PAGES = 6;

/**
 * `/page/N` renders `#done` once its script's `/data/N` answers. The first
 * `/data` requests are held until two pages wait on them; then the browser is
 * killed and every later `/data` is answered at once.
 */
function startGatedSite() {
  const held: ServerResponse[] = [];
  let killed = false;
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    const page = /^\/page\/(\d+)$/.exec(path);
    if (page) {
      res.writeHead(200, { 'Content-Type': 'text/html' }).end(`<!DOCTYPE html><title>page ${page[1]}</title><body><script>
        fetch('/data/${page[1]}').then((r) => r.text()).then((text) => document.body.insertAdjacentHTML('beforeend', '<p id="done">' + text + '</p>'));
      </script></body>`);
      return;
    }
    const data = /^\/data\/(\d+)$/.exec(path);
    if (!data) return void res.writeHead(404).end();
    if (killed) return void res.writeHead(200, { 'Content-Type': 'text/plain' }).end(`data ${data[1]}`);
    held.push(res);
    if (held.length < 2) return;
    const [browser, ...others] = browserProcesses();
    if (!browser || others.length > 0) throw new Error(`expected one browser under this process, found ${[browser, ...others].length}`);
    killed = true;
    process.kill(browser.pid, 'SIGKILL');
  });
  return new Promise<{ url: string; killedBrowser: () => boolean; close: () => Promise<void> }>((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      killedBrowser: () => killed,
      close: () => new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
    }));
  });
}

describe('a browser killed mid-crawl', () => {
  let site: Awaited<ReturnType<typeof startGatedSite>>;
  beforeAll(async () => {
    site = await startGatedSite();
  });
  afterAll(() => site.close());

  it('fails only the requests its pages held; they are retried on a new browser and no page is lost', async () => {
    const origin = site.url;
    class Gated extends Spider {
      name = 'gated';
      override async *start() {
        for (let n = 1; n <= PAGES; n++) yield new Request(`${origin}/page/${n}`, { meta: { playwright: { waitFor: '#done' } } });
      }
      override parse(response: TextResponse) {
        return [{ url: response.url, done: response.css('#done::text').get(), retries: response.meta.retry_times ?? 0 }];
      }
    }
    const { items, stat, log } = await crawl(Gated, { PLAYWRIGHT_MAX_PAGES: 2, RETRY_BACKOFF_BASE: 0.01 });
    expect(site.killedBrowser()).toBe(true);
    expect(items.map((item) => item.done).sort()).toEqual(Array.from({ length: PAGES }, (_, i) => `data ${i + 1}`).sort());
    // The two pages open when the browser died were retried, once each.
    expect(items.filter((item) => item.retries === 1)).toHaveLength(2);
    expect(stat('retry/reason_count/DownloadError')).toBe(2);
    expect(log.match(/Retrying <GET [^>]+> \(failed 1 times\): DownloadError: The browser crashed while rendering/g)).toHaveLength(2);
    expect(stat('playwright/crash_count')).toBe(1);
    expect(stat('playwright/browser_count')).toBe(2);
    expect(stat('downloader/failure_count')).toBeUndefined();
    expect(stat('playwright/page_count/closed')).toBe(stat('playwright/page_count'));
    expect(log).toContain('The browser disconnected (crashed or killed) with 2 page(s) open');
    expect(browserProcesses()).toEqual([]);
  }, 120_000);
});
