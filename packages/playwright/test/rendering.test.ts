/** Rendering script-built pages in Chromium, in a crawl that also fetches plain pages over HTTP. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSite, type TestSite } from '@arachne/testsite';
import { Request, Spider, type TextResponse } from '@arachne/core';
import { crawl } from './support/crawl.js';

let site: TestSite;
beforeAll(async () => {
  site = await startTestSite();
});
afterAll(() => site.close());

describe('a mixed crawl', () => {
  it('renders only the requests marked for the browser, and extracts what a plain fetch cannot see', async () => {
    const origin = site.url;
    class Mixed extends Spider {
      name = 'mixed';
      override async *start() {
        yield new Request(`${origin}/js/list`, { meta: { playwright: true, how: 'browser' } });
        yield new Request(`${origin}/js/list?page=2`, { meta: { how: 'plain' } });
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
    const { items, stat } = await crawl(Mixed);
    expect(items).toEqual(expect.arrayContaining([
      { how: 'browser', url: `${origin}/js/list`, products: 10, first: 'Title 1', next: '/js/list?page=2' },
      { how: 'plain', url: `${origin}/js/list?page=2`, products: 0, first: null, next: null },
      { how: 'plain', title: 'Title 1', price: '£1.99' },
      { how: 'plain', title: 'Title 2', price: '£2.99' },
    ]));
    expect(items).toHaveLength(4);
    expect(stat('playwright/request_count')).toBe(1);
    expect(stat('playwright/page_count')).toBe(1);
    expect(stat('downloader/response_count')).toBe(4);
  });
});
