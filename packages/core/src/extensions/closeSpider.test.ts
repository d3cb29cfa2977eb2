import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Request, Spider, type SettingsInput, type TextResponse } from '../index.js';
import { crawl, startServer, type TestServer } from '../../test/support/testServer.js';
import { CloseSpiderExtension } from './closeSpider.js';

/**
 * /hang never answers; /chain/N is a page linking to /chain/N+1 (up to 20);
 * /fanout links to /chain/1000.../chain/1009 (pages without links).
 */
let server: TestServer;
beforeAll(async () => {
  server = await startServer((req, res) => {
    const path = req.url ?? '/';
    if (path === '/hang') return;
    const html = (links: string[]) => res.writeHead(200, { 'Content-Type': 'text/html' }).end(links.map((href) => `<a href="${href}">x</a>`).join(''));
    if (path === '/fanout') return html(Array.from({ length: 10 }, (_, i) => `/chain/${1000 + i}`));
    const n = Number(path.slice('/chain/'.length));
    html(n < 20 ? [`/chain/${n + 1}`] : []);
  });
});
afterAll(() => server.close());

/** Starts at `start`, yields one item per page and follows every link; `fail` makes callbacks of non-start pages throw. */
function spiderFor(start: string, options: { fail?: boolean } = {}) {
  return class ChainSpider extends Spider {
    name = 'closespider';
    override startUrls = [`${server.url}${start}`];
    override async *parse(response: TextResponse) {
      if (options.fail && response.url !== this.startUrls[0]) throw new Error(`broken page ${response.url}`);
      yield { url: response.url };
      yield* response.followAll(response.css('a'));
    }
  };
}

const SERIAL: SettingsInput = { CONCURRENT_REQUESTS: 1, RETRY_ENABLED: false };

describe('CloseSpider', () => {
  it('is not configured when every CLOSESPIDER_* setting is 0', async () => {
    const { crawler } = await crawl(spiderFor('/chain/20'));
    expect(crawler.extensions.some((ext) => ext instanceof CloseSpiderExtension)).toBe(false);
  });

  it('closes after CLOSESPIDER_TIMEOUT seconds', async () => {
    class HangSpider extends Spider {
      name = 'hang';
      override startUrls = [`${server.url}/hang`];
    }
    const { stat, crawler } = await crawl(HangSpider, { ...SERIAL, CLOSESPIDER_TIMEOUT: 0.2, DOWNLOAD_TIMEOUT: 0.6 });
    expect(crawler.stats.getValue('finish_reason')).toBe('closespider_timeout');
    expect(stat('response_received_count')).toBeUndefined();
  });

  it('closes once CLOSESPIDER_ITEMCOUNT items are scraped', async () => {
    const { crawler, items } = await crawl(spiderFor('/chain/1'), { ...SERIAL, CLOSESPIDER_ITEMCOUNT: 3 });
    expect(crawler.stats.getValue('finish_reason')).toBe('closespider_itemcount');
    expect(items).toHaveLength(3);
  });

  it('closes once CLOSESPIDER_PAGECOUNT responses are received', async () => {
    const { crawler, stat } = await crawl(spiderFor('/chain/1'), { ...SERIAL, CLOSESPIDER_PAGECOUNT: 4 });
    expect(crawler.stats.getValue('finish_reason')).toBe('closespider_pagecount');
    expect(stat('response_received_count')).toBe(4);
  });

  it('closes once CLOSESPIDER_ERRORCOUNT spider errors happened', async () => {
    const { crawler, stat } = await crawl(spiderFor('/fanout', { fail: true }), { ...SERIAL, CLOSESPIDER_ERRORCOUNT: 2 });
    expect(crawler.stats.getValue('finish_reason')).toBe('closespider_errorcount');
    // The request after the second failing one may already be in flight when the spider starts closing.
    expect(stat('spider_exceptions/count')).toBeGreaterThanOrEqual(2);
    expect(stat('spider_exceptions/count')).toBeLessThan(10);
  });

  it('closes when no item came for CLOSESPIDER_TIMEOUT_NO_ITEM seconds', async () => {
    class ItemThenHang extends Spider {
      name = 'item-then-hang';
      override startUrls = [`${server.url}/chain/20`];
      override async *parse() {
        yield { first: true };
        yield new Request(`${server.url}/hang`);
      }
    }
    const { crawler, items } = await crawl(ItemThenHang, { ...SERIAL, CLOSESPIDER_TIMEOUT_NO_ITEM: 0.2, DOWNLOAD_TIMEOUT: 0.6 });
    expect(crawler.stats.getValue('finish_reason')).toBe('closespider_timeout_no_item');
    expect(items).toHaveLength(1);
  });

  it('lets a crawl that ends first finish normally', async () => {
    const { crawler, items } = await crawl(spiderFor('/chain/18'), { ...SERIAL, CLOSESPIDER_TIMEOUT: 30, CLOSESPIDER_TIMEOUT_NO_ITEM: 30, CLOSESPIDER_ITEMCOUNT: 10 });
    expect(crawler.extensions.some((ext) => ext instanceof CloseSpiderExtension)).toBe(true);
    expect(crawler.stats.getValue('finish_reason')).toBe('finished');
    expect(items).toHaveLength(3);
  });
});
