/** End-to-end crawls of the local test site through the whole engine. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSite, ENCODED_TEXT, PRODUCT_COUNT, type TestSite } from '@arachne/testsite';
import { CloseSpider, Crawler, Request, Spider, type Failure, type Response, type SettingsInput, type TextResponse } from '../src/index.js';

let site: TestSite;
beforeAll(async () => {
  site = await startTestSite();
});
afterAll(() => site.close());

const QUIET: SettingsInput = { LOG_ENABLED: false, LOGSTATS_INTERVAL: 0, STATS_DUMP: false };

async function run<S extends Spider<any>>(spider: new () => S, settings: SettingsInput = {}, args: Record<string, string> = {}) {
  const crawler = new Crawler(spider, { ...QUIET, ...settings });
  const items: any[] = [];
  crawler.signals.on('itemScraped', ({ item }) => {
    items.push(item);
  });
  const reason = await crawler.crawl(args);
  return { crawler, items, reason, stats: crawler.stats };
}

interface Product {
  title: string;
  price: string;
  url: string;
}

class CatalogueSpider extends Spider<Product> {
  name = 'catalogue';
  override startUrls = [`${site.url}/catalogue/page/1`];

  override async *parse(response: TextResponse) {
    yield* response.followAll(response.css('article.product h3 a'), { callback: this.parseProduct });
    const next = response.css('li.next a::attr(href)').get();
    if (next) yield response.follow(next);
  }

  async *parseProduct(response: TextResponse): AsyncGenerator<Product> {
    yield { title: response.css('h1::text').get(''), price: response.css('.price::text').get(''), url: response.url };
  }
}

describe('a crawl of the catalogue', () => {
  it('follows pagination and product links, scraping every product once', async () => {
    const { items, reason, stats } = await run(CatalogueSpider);
    expect(reason).toBe('finished');
    expect(items).toHaveLength(PRODUCT_COUNT);
    expect(new Set(items.map((item) => item.url)).size).toBe(PRODUCT_COUNT);
    expect(items.every((item) => item.title && item.price)).toBe(true);
    expect(stats.getValue('finish_reason')).toBe('finished');
    expect(stats.getValue('item_scraped_count')).toBe(PRODUCT_COUNT);
  });

  it('finds the pages Scrapy 2.8 finds when following every link from /', async () => {
    // Scrapy 2.8, same site, `response.follow` on every `a::attr(href)`: 58 responses, 57 distinct
    // pages (home, 5 catalogue pages, 50 products, /product/3?a=1&b=2); the start URL is
    // `dontFilter`, so the home page is fetched again when a page links back to it.
    class EverySpider extends Spider {
      name = 'every';
      override startUrls = [`${site.url}/`];
      override *parse(response: TextResponse) {
        yield { url: response.url };
        yield* response.followAll(response.css('a::attr(href)'));
      }
    }
    const { items, stats } = await run(EverySpider);
    expect(items).toHaveLength(58);
    expect(new Set(items.map((item) => item.url)).size).toBe(57);
    expect(items.filter((item) => item.url.startsWith(`${site.url}/product/3?`))).toHaveLength(1); // either query order
    expect(stats.getValue('request_dropped_reasons_count/unsupported_scheme')).toBeGreaterThan(0); // mailto:, javascript:
  });

  it('drops duplicate requests by fingerprint (query order, fragments) and counts them', async () => {
    class LinksSpider extends Spider {
      name = 'links';
      override startUrls = [`${site.url}/`];
      override parse(response: TextResponse) {
        if (response.url !== `${site.url}/`) return [];
        return [
          response.follow('/product/3?b=2&a=1'),
          response.follow('/product/3?a=1&b=2#reviews'),
          response.follow('/product/3?a=1&b=2', { dontFilter: true }),
        ];
      }
    }
    const { stats } = await run(LinksSpider);
    expect(stats.getValue('dupefilter/filtered')).toBe(1);
    expect(stats.getValue('request_dropped_reasons_count/duplicate')).toBe(1);
    expect(stats.getValue('response_received_count')).toBe(3);
  });
});

describe('callbacks', () => {
  it('accepts arrays, promises, sync and async generators, and single values', async () => {
    class ShapesSpider extends Spider {
      name = 'shapes';
      override async *start() {
        yield { from: 'start' };
        yield new Request({ url: `${site.url}/product/1`, callback: this.array });
        yield new Request({ url: `${site.url}/product/2`, callback: this.promise });
        yield new Request({ url: `${site.url}/product/3`, callback: this.generator });
        yield new Request({ url: `${site.url}/product/4`, callback: this.single });
      }
      array() {
        return [{ from: 'array' }];
      }
      async promise() {
        return [{ from: 'promise' }];
      }
      *generator() {
        yield { from: 'generator' };
      }
      single() {
        return { from: 'single' };
      }
    }
    const { items } = await run(ShapesSpider);
    expect(items.map((item) => item.from).sort()).toEqual(['array', 'generator', 'promise', 'single', 'start']);
  });

  it('passes cbKwargs and meta, and awaits crawler.download inside a callback', async () => {
    class DownloadSpider extends Spider {
      name = 'download';
      override async *start() {
        yield new Request({ url: `${site.url}/product/1`, cbKwargs: { label: 'first' }, meta: { hop: 1 } });
      }
      override async *parse(response: TextResponse, kwargs: { label: string }) {
        const other = (await this.crawler.download(new Request(`${site.url}/product/2`))) as TextResponse;
        yield { label: kwargs.label, hop: response.meta.hop, other: other.css('h1::text').get() };
      }
    }
    const { items } = await run(DownloadSpider);
    expect(items).toEqual([{ label: 'first', hop: 1, other: 'Title 2' }]);
  });

  it('goes on after a callback throws: the error is counted, other pages still scraped', async () => {
    class ThrowingSpider extends Spider {
      name = 'throwing';
      override startUrls = [1, 2, 3].map((n) => `${site.url}/product/${n}`);
      override async *parse(response: TextResponse) {
        if (response.url.endsWith('/2')) throw new RangeError('bad page');
        yield { url: response.url };
      }
    }
    const { items, reason, stats } = await run(ThrowingSpider);
    expect(reason).toBe('finished');
    expect(items).toHaveLength(2);
    expect(stats.getValue('spider_exceptions/RangeError')).toBe(1);
  });

  it('skips links with invalid URLs in followAll, counting them, and keeps the valid ones', async () => {
    class BadLinkSpider extends Spider {
      name = 'badlink';
      override startUrls = [`${site.url}/`];
      override parse(response: TextResponse) {
        if (response.url !== `${site.url}/`) return [{ url: response.url }];
        return response.followAll(['http://[bad', '/product/1', 'http://exa mple.com:99999/', '/product/2']);
      }
    }
    const { items, stats } = await run(BadLinkSpider);
    expect(items.map((item) => item.url).sort()).toEqual([`${site.url}/product/1`, `${site.url}/product/2`]);
    expect(stats.getValue('spider/invalid_link_count')).toBe(2);
  });

  it('closes the spider with the reason given by CloseSpider', async () => {
    class ClosingSpider extends Spider {
      name = 'closing';
      override startUrls = [`${site.url}/catalogue/page/1`];
      override parse(): never {
        throw new CloseSpider('enough');
      }
    }
    const { reason, stats } = await run(ClosingSpider);
    expect(reason).toBe('enough');
    expect(stats.getValue('finish_reason')).toBe('enough');
  });
});

describe('failures never stop the crawl', () => {
  it('counts a reset connection, a timeout and a refused connection, and still finishes', async () => {
    class FailingSpider extends Spider {
      name = 'failing';
      override startUrls = [`${site.url}/reset`, `${site.url}/hang`, 'http://127.0.0.1:9/', `${site.url}/product/1`];
      override parse(response: Response) {
        return [{ url: response.url }];
      }
    }
    const { items, reason, stats } = await run(FailingSpider, { DOWNLOAD_TIMEOUT: 0.5, RETRY_ENABLED: false });
    expect(reason).toBe('finished');
    expect(items).toEqual([{ url: `${site.url}/product/1` }]);
    expect(stats.getValue('downloader/failure_count')).toBe(3);
    expect(stats.getValue('downloader/failure_type_count/DownloadTimeoutError')).toBe(1);
  });

  it('calls the errback with the failure and the request', async () => {
    class ErrbackSpider extends Spider {
      name = 'errback';
      override async *start() {
        yield new Request({ url: 'http://127.0.0.1:9/', errback: this.failed, meta: { tag: 'x' } });
      }
      failed(failure: Failure) {
        return [{ error: failure.error.name, tag: failure.request.meta.tag }];
      }
    }
    const { items, stats } = await run(ErrbackSpider, { RETRY_ENABLED: false });
    expect(items).toEqual([{ error: 'DownloadError', tag: 'x' }]);
    expect(stats.getValue('downloader/failure_count')).toBeUndefined();
  });

  it('parses malformed and empty pages without failing', async () => {
    class MalformedSpider extends Spider {
      name = 'malformed';
      override startUrls = [`${site.url}/malformed`, `${site.url}/empty`];
      override parse(response: TextResponse) {
        return [{ links: response.css('a::attr(href)').getAll().length, text: response.css('title::text').get('') }];
      }
    }
    const { items, stats } = await run(MalformedSpider);
    expect(items).toHaveLength(2);
    expect(stats.getValue('spider_exceptions/count')).toBeUndefined();
  });
});

describe('encodings', () => {
  it.each([
    ['/enc/latin1-header', ENCODED_TEXT.latin1],
    ['/enc/latin1-meta', ENCODED_TEXT.latin1],
    ['/enc/shift_jis', ENCODED_TEXT.shiftJis],
    ['/enc/utf8-bom', ENCODED_TEXT.utf8Bom],
  ])('decodes %s', async (path, expected) => {
    class EncodingSpider extends Spider {
      name = 'enc';
      override startUrls = [`${site.url}${path}`];
      override parse(response: TextResponse) {
        return [{ h1: response.css('h1::text').get() }];
      }
    }
    const { items } = await run(EncodingSpider);
    expect(items).toEqual([{ h1: expected }]);
  });
});

describe('spider arguments and settings', () => {
  it('applies -a arguments as typed fields', async () => {
    class ArgsSpider extends Spider {
      name = 'args';
      pages = 1;
      verbose = false;
      category = 'all';
      override async *start() {
        yield { pages: this.pages, verbose: this.verbose, category: this.category };
      }
    }
    const { items } = await run(ArgsSpider, {}, { pages: '3', verbose: 'true', category: 'books' });
    expect(items).toEqual([{ pages: 3, verbose: true, category: 'books' }]);
  });

  it('gives -a start_url to a spider field of that name, or else uses it as the start URL', async () => {
    class FieldSpider extends Spider {
      name = 'field';
      start_url = '';
      override async *start() {
        yield { start_url: this.start_url, startUrls: this.startUrls };
      }
    }
    const withField = await run(FieldSpider, {}, { start_url: `${site.url}/product/1` });
    expect(withField.items).toEqual([{ start_url: `${site.url}/product/1`, startUrls: [] }]);

    class PlainSpider extends Spider {
      name = 'plain';
      override parse(response: TextResponse) {
        return [{ h1: response.css('h1::text').get() }];
      }
    }
    const plain = await run(PlainSpider, {}, { start_url: `${site.url}/product/2` });
    expect(plain.items).toEqual([{ h1: 'Title 2' }]);
  });

  it('refuses a boolean argument that is not true or false', async () => {
    class FlagSpider extends Spider {
      name = 'flag';
      verbose = false;
    }
    await expect(run(FlagSpider, {}, { verbose: 'maybe' })).rejects.toThrow(/verbose must be true or false/);
  });

  it('lets customSettings override the project settings', async () => {
    class CustomSpider extends Spider {
      name = 'custom';
      override customSettings: SettingsInput = { CONCURRENT_REQUESTS: 3 };
      override async *start() {
        yield { concurrency: this.crawler.settings.get('CONCURRENT_REQUESTS') };
      }
    }
    const { items } = await run(CustomSpider, { CONCURRENT_REQUESTS: 7 });
    expect(items).toEqual([{ concurrency: 3 }]);
  });
});
