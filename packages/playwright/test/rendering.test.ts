/** Rendering script-built pages in Chromium, in crawls that also fetch plain pages over HTTP. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSite, type TestSite } from '@arachne/testsite';
import { DownloadError, FormRequest, Request, Spider, type Failure, type SettingsInput, type TextResponse } from '@arachne/core';
import type { Page } from '../src/index.js';
import { crawl, type CrawlResult } from './support/crawl.js';

let site: TestSite;
beforeAll(async () => {
  site = await startTestSite();
});
afterAll(() => site.close());

describe('a mixed crawl', () => {
  it('renders only the requests marked for the browser, and extracts what a plain fetch cannot see; robots.txt, offsite and the dupefilter apply to browser requests', async () => {
    const guarded = await startTestSite({ robotsTxt: 'User-agent: *\nDisallow: /js/cookie\n' });
    const origin = guarded.url;
    class Mixed extends Spider {
      name = 'mixed';
      override allowedDomains = ['127.0.0.1'];
      override async *start() {
        yield new Request(`${origin}/js/list`, { meta: { playwright: { waitFor: 'li.product' }, how: 'browser' } });
        yield new Request(`${origin}/js/list?page=2`, { meta: { how: 'plain' } });
        yield new Request(`${origin}/js/list`, { meta: { playwright: true, how: 'duplicate' } });
        yield new Request(`${origin}/js/cookie?set=robots`, { meta: { playwright: true, how: 'disallowed' } });
        yield new Request(`${guarded.altUrl}/js/list`, { meta: { playwright: true, how: 'offsite' } });
      }
      override async *parse(response: TextResponse) {
        const products = response.css('#products li.product a::text').getAll();
        yield { how: response.meta.how, url: response.url, products: products.length, first: products[0] ?? null, next: response.css('a.next::attr(href)').get() ?? null };
        if (response.meta.how === 'browser') yield* response.followAll(response.css('#products li.product a').slice(0, 2), { callback: this.parseProduct, meta: { how: 'plain' } });
      }
      parseProduct(response: TextResponse) {
        return [{ how: response.meta.how, title: response.css('h1::text').get(), price: response.css('p.price::text').get() }];
      }
    }
    const { items, stat } = await crawl(Mixed, { ROBOTSTXT_OBEY: true }).finally(() => guarded.close());
    expect(items).toEqual(expect.arrayContaining([
      { how: 'browser', url: `${origin}/js/list`, products: 10, first: 'Title 1', next: '/js/list?page=2' },
      { how: 'plain', url: `${origin}/js/list?page=2`, products: 0, first: null, next: null },
      { how: 'plain', title: 'Title 1', price: '£1.99' },
      { how: 'plain', title: 'Title 2', price: '£2.99' },
    ]));
    expect(items).toHaveLength(4);
    expect(stat('playwright/request_count')).toBe(1);
    expect(stat('playwright/page_count')).toBe(1);
    expect(stat('downloader/response_count')).toBe(5); // robots.txt, over HTTP, and the four pages
    expect([stat('request_dropped_reasons_count/duplicate'), stat('request_dropped_reasons_count/robotstxt'), stat('request_dropped_reasons_count/offsite')]).toEqual([1, 1, 1]);
    expect(guarded.hits.has('/js/cookie?set=robots')).toBe(false);
  }, 120_000);
});

/**
 * One crawl renders every scenario (one browser launch); each test reads its
 * own outcome: the item its callback or errback yielded, keyed by scenario.
 */
describe('rendering', () => {
  type Outcome = Record<string, any>;
  const outcomes = new Map<string, Outcome>();
  let result: CrawlResult;
  const products = (response: TextResponse) => response.css('#products li.product a::text').getAll();

  beforeAll(async () => {
    const origin = site.url;
    const scenarios: Array<[string, string, Record<string, unknown>, Record<string, unknown>?]> = [
      ['list', '/js/list', { waitFor: 'li.product' }],
      ['load more, not clicked', '/js/load-more', { waitFor: 'li.product' }],
      ['load more, clicked until gone', '/js/load-more', { waitFor: 'li.product', actions: [{ click: 'button.load-more', repeat: true }] }],
      ['infinite scroll', '/js/infinite', { waitFor: 'li.product', actions: [{ scrollToEnd: true }] }],
      ['client-side redirect', '/js/redirect?to=/js/list%3Fpage%3D3', { waitFor: 'li.product' }],
      ['delayed client-side redirect', '/js/redirect?to=/js/list%3Fpage%3D4&after=200', { waitFor: { function: "location.pathname === '/js/list' && document.querySelectorAll('li.product').length === 10" } }],
      ['http redirect', '/redirect/chain/2', {}],
      ['never settles, on load', '/js/never-settles', {}],
      ['never settles, on network idle', '/js/never-settles', { waitUntil: 'networkidle' }, { download_timeout: 2, dont_retry: true }],
      ['headers', '/headers', {}, {}],
      ['cookies', '/cookies/echo', {}],
      ['evaluate and fill', '/js/list?page=5', {
        waitFor: 'li.product',
        actions: [
          { evaluate: "document.body.insertAdjacentHTML('beforeend', '<input id=q><p id=mark></p>')" },
          { fill: '#q', value: 'typed' },
          (page: Page) => page.evaluate("document.getElementById('mark').textContent = document.getElementById('q').value"),
        ],
      }],
      ['captures', '/js/list?page=2', { waitFor: 'li.product', screenshot: true, pdf: true }],
      ['not found', '/product/999', {}],
      ['wrong option', '/js/list', { wait_until: 'load' }],
      ['wrong action', '/js/list', { actions: [{ clack: 'button' }] }],
      ['scrapy meta', '/js/list', {}, { playwright_include_page: true }],
      ['missing selector', '/js/list', { actions: [{ click: '#no-such-button' }] }, { dont_retry: true }],
    ];
    class Scenarios extends Spider {
      name = 'scenarios';
      override customSettings: SettingsInput = { PLAYWRIGHT_NAVIGATION_TIMEOUT: 5 };
      override async *start() {
        for (const [scenario, path, playwright, meta] of scenarios) {
          yield new Request(`${origin}${path}`, {
            meta: { ...meta, scenario, playwright },
            headers: scenario === 'headers' ? { 'X-Scenario': 'headers' } : {},
            cookies: scenario === 'cookies' ? { flavour: 'oat' } : undefined,
            errback: this.failed,
            dontFilter: true,
          });
        }
        yield new FormRequest(`${origin}/post`, { formData: { q: 'rendered' }, meta: { scenario: 'post', playwright: true }, errback: this.failed });
      }
      override parse(response: TextResponse) {
        const { meta } = response;
        return [{
          scenario: meta.scenario,
          url: response.url,
          status: response.status,
          flags: response.flags,
          products: products(response),
          text: response.css('body').css('::text').getAll().join('').trim(),
          button: response.css('button.load-more').length,
          end: response.css('p.end::text').get() ?? null,
          mark: response.css('#mark::text').get() ?? null,
          redirectUrls: meta.redirect_urls ?? null,
          redirectReasons: meta.redirect_reasons ?? null,
          contentType: response.headers.get('content-type'),
          screenshot: meta.playwrightScreenshot?.subarray(1, 4).toString('latin1') ?? null,
          pdf: meta.playwrightPdf?.subarray(0, 5).toString('latin1') ?? null,
        }];
      }
      failed(failure: Failure) {
        const { error, request, response } = failure;
        return [{ scenario: request.meta.scenario, error: error.name, code: (error as DownloadError).code, message: error.message, status: response?.status ?? null }];
      }
    }
    result = await crawl(Scenarios, { HTTPERROR_ALLOWED_CODES: [] });
    for (const item of result.items) outcomes.set(item.scenario, item);
  }, 120_000);

  const outcome = (scenario: string) => {
    const found = outcomes.get(scenario);
    if (!found) throw new Error(`no outcome for scenario "${scenario}"; log:\n${result.log}`);
    return found;
  };
  const list = (from: number, count: number) => Array.from({ length: count }, (_, i) => `Title ${from + i}`);

  it('waits for a list a fetch() fills', () => {
    expect(outcome('list').products).toEqual(list(1, 10));
    expect(outcome('list').contentType).toBe('text/html; charset=utf-8');
  });

  it('clicks "load more" until the button is gone, waiting for each page of results', () => {
    expect(outcome('load more, not clicked')).toMatchObject({ products: list(1, 10), button: 1 });
    expect(outcome('load more, clicked until gone')).toMatchObject({ products: list(1, 50), button: 0 });
  });

  it('scrolls to the end of an infinite list', () => {
    expect(outcome('infinite scroll').products).toHaveLength(50);
    expect(outcome('infinite scroll')).toMatchObject({ products: list(1, 50), end: 'The end' });
  });

  it('follows client-side redirects, at once or later, into response.url, flags and the redirect meta', () => {
    expect(outcome('client-side redirect')).toMatchObject({
      url: `${site.url}/js/list?page=3`,
      products: list(21, 10),
      flags: ['redirected'],
      redirectUrls: [`${site.url}/js/redirect?to=/js/list%3Fpage%3D3`],
      redirectReasons: ['client-side'],
    });
    expect(outcome('delayed client-side redirect')).toMatchObject({ url: `${site.url}/js/list?page=4`, products: list(31, 10), redirectReasons: ['client-side'] });
  });

  it('reports HTTP redirects the browser followed, with their statuses', () => {
    expect(outcome('http redirect')).toMatchObject({
      url: `${site.url}/redirect/chain/0`,
      status: 200,
      flags: ['redirected'],
      redirectUrls: [`${site.url}/redirect/chain/2`, `${site.url}/redirect/chain/1`],
      redirectReasons: [302, 302],
    });
  });

  it('renders a page that never settles on load, and times out waiting for it to be idle (closing the page)', () => {
    expect(outcome('never settles, on load').text).toContain('Rendered, still polling');
    expect(outcome('never settles, on network idle')).toMatchObject({ error: 'DownloadTimeoutError', message: `Rendering ${site.url}/js/never-settles took longer than 2 seconds` });
  });

  it("sends the crawl's headers, user agent and cookies with the navigation", () => {
    const headers = JSON.parse(outcome('headers').text).headers;
    expect(headers).toMatchObject({ 'x-scenario': 'headers', 'accept-language': 'en', 'user-agent': expect.stringMatching(/^Arachne\//) });
    expect(JSON.parse(outcome('cookies').text)).toEqual({ cookies: { flavour: 'oat' } });
  });

  it('posts a form request from the browser', () => {
    expect(JSON.parse(outcome('post').text)).toEqual({ method: 'POST', contentType: 'application/x-www-form-urlencoded', body: 'q=rendered' });
  });

  it('runs evaluate, fill and function actions in order', () => {
    expect(outcome('evaluate and fill').mark).toBe('typed');
  });

  it('attaches a screenshot and a PDF', () => {
    expect(outcome('captures')).toMatchObject({ screenshot: 'PNG', pdf: '%PDF-' });
  });

  it("keeps the main document's status, for the HTTP error middleware to filter", () => {
    expect(outcome('not found')).toMatchObject({ error: 'HttpError', status: 404 });
  });

  it('refuses wrong options and scrapy-playwright meta keys, naming the accepted form', () => {
    expect(outcome('wrong option')).toMatchObject({ error: 'TypeError', message: expect.stringContaining('meta.playwright: unknown option "wait_until" (did you mean "waitUntil"?)') });
    expect(outcome('wrong action').message).toContain('meta.playwright.actions[0]: unknown action "clack" (did you mean "click"?)');
    expect(outcome('scrapy meta').message).toBe("meta.playwright_include_page is scrapy-playwright's; write meta.playwright = { includePage: true }");
  });

  it('fails a request whose action cannot be done, as a timeout naming the step', () => {
    expect(outcome('missing selector')).toMatchObject({ error: 'DownloadTimeoutError', message: expect.stringContaining('actions[0] (click #no-such-button): page.click: Timeout 5000ms exceeded') });
  });

  it('closes every page it opened and counts what it did', () => {
    const { stat } = result;
    expect(outcomes.size).toBe(19);
    expect(stat('playwright/request_count')).toBe(16); // the three refused never reach the browser
    expect(stat('playwright/page_count')).toBe(16);
    expect(stat('playwright/response_count')).toBe(14);
    expect(stat('playwright/response_bytes')).toBeGreaterThan(10_000);
    expect(stat('playwright/transfer_bytes')).toBeGreaterThan(10_000);
    expect(stat('playwright/page_count/max_concurrent')).toBeLessThanOrEqual(4);
    expect(stat('playwright/page_count/closed')).toBe(16);
    expect(stat('playwright/page_leak_count')).toBeUndefined();
  });
});
