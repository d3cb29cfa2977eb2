import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSite, PRODUCT_COUNT, type TestSite } from '@arachne/testsite';
import { Crawler } from '../engine/crawler.js';
import { Request, type Failure } from '../http/request.js';
import { HtmlResponse, TextResponse, type Response } from '../http/response.js';
import { CrawlSpider, Rule } from './crawlSpider.js';
import { LinkExtractor, type Link } from './linkExtractor.js';

let site: TestSite;
beforeAll(async () => {
  site = await startTestSite();
});
afterAll(() => site.close());

interface Book {
  url: string;
  title: string | undefined;
  rule: number;
  linkText: string;
}

class BooksSpider extends CrawlSpider<Book> {
  name = 'books';
  override startUrls = [site.url + '/'];
  override rules = [
    new Rule(new LinkExtractor({ allow: '/catalogue/page/' })),
    new Rule(new LinkExtractor({ allow: /\/product\/\d+/ }), { callback: 'parseBook' }),
  ];

  *parseBook(response: TextResponse): Generator<Book> {
    yield { url: response.url, title: response.css('h1::text').get(), rule: response.meta.rule, linkText: response.meta.link_text };
  }
}

async function crawl(spiderClass: new () => CrawlSpider<any>): Promise<{ crawler: Crawler; items: any[]; responses: string[] }> {
  const crawler = new Crawler(spiderClass, { LOG_ENABLED: false });
  const items: any[] = [];
  const responses: string[] = [];
  crawler.signals.on('itemScraped', ({ item }) => { items.push(item); });
  crawler.signals.on('responseReceived', ({ response }) => { responses.push(response.url); });
  await crawler.crawl();
  return { crawler, items, responses };
}

/** Run a spider's rules engine on one page, as the engine would for a start response. */
async function parsePage(spider: CrawlSpider<any>, html: string, Kind: typeof TextResponse = HtmlResponse): Promise<unknown[]> {
  const output: unknown[] = [];
  for await (const value of spider.parse(new Kind({ url: 'http://example.com/', body: Buffer.from(html) }))) output.push(value);
  return output;
}

const urlsOf = (output: unknown[]): string[] => output.filter((value): value is Request => value instanceof Request).map((request) => request.url);

describe('CrawlSpider end to end', () => {
  it('follows the catalogue and scrapes every product, as Scrapy does', async () => {
    const { crawler, items, responses } = await crawl(BooksSpider);
    // Scrapy 2.8's CrawlSpider with the same rules on this site: 56 responses (home, 5 catalogue
    // pages, 50 products), 50 items, product requests with meta rule=1 and link_text 'Title N'.
    expect(new Set(responses).size).toBe(56);
    expect(responses.filter((url) => !url.endsWith('/robots.txt'))).toHaveLength(56);
    expect(items).toHaveLength(PRODUCT_COUNT);
    expect(crawler.stats.getValue('item_scraped_count')).toBe(PRODUCT_COUNT);
    const byUrl = new Map(items.map((item: Book) => [item.url, item]));
    for (let id = 1; id <= PRODUCT_COUNT; id++) {
      expect(byUrl.get(`${site.url}/product/${id}`)).toEqual({ url: `${site.url}/product/${id}`, title: `Title ${id}`, rule: 1, linkText: `Title ${id}` });
    }
  });

  it('calls a rule errback with the failure of its requests', async () => {
    const server = createServer((req, res) => {
      res.writeHead(req.url === '/' ? 200 : 404, { 'content-type': 'text/html' });
      res.end('<a href="/missing">Missing</a>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const failures: unknown[] = [];
    class Broken extends CrawlSpider {
      name = 'broken';
      override startUrls = [origin + '/'];
      override rules = [new Rule(new LinkExtractor({ allow: '/missing' }), { callback: 'parseItem', errback: 'failed' })];
      parseItem() {
        return [{ unexpected: true }];
      }
      failed(failure: Failure) {
        failures.push([failure.request.url, failure.request.meta.rule, failure.response?.status]);
        return [{ failed: failure.request.url }];
      }
    }
    try {
      const { items } = await crawl(Broken);
      expect(failures).toEqual([[`${origin}/missing`, 0, 404]]);
      expect(items).toEqual([{ failed: `${origin}/missing` }]);
    } finally {
      server.close();
    }
  });

  it('refuses a subclass that overrides parse', async () => {
    class Overriding extends CrawlSpider {
      name = 'overriding';
      override async *parse() {}
    }
    await expect(new Crawler(Overriding, { LOG_ENABLED: false }).crawl()).rejects.toThrow(/must not override parse\(\)/);
  });
});

describe('CrawlSpider rules', () => {
  const PAGE = '<a href="/a">A</a><a href="/b">B</a><a href="/c" rel="nofollow">C</a>';

  it('defaults follow to true without a callback and false with one', () => {
    expect(new Rule().follow).toBe(true);
    expect(new Rule(undefined, { callback: 'parseItem' }).follow).toBe(false);
    expect(new Rule(undefined, { callback: 'parseItem', follow: true }).follow).toBe(true);
    expect(new Rule().linkExtractor).toBe(new Rule().linkExtractor);
  });

  it('does not request again a link an earlier rule took on the same page', async () => {
    class Two extends CrawlSpider {
      name = 'two';
      override rules = [new Rule(new LinkExtractor({ allow: '/[ab]$' })), new Rule(new LinkExtractor(), { callback: 'parseItem' })];
      parseItem() {
        return [];
      }
    }
    const requests = (await parsePage(new Two(), PAGE)) as Request[];
    expect(requests.map((request) => [request.url, request.meta, request.callback, request.errback])).toEqual([
      ['http://example.com/a', { rule: 0, link_text: 'A' }, 'ruleCallback', null],
      ['http://example.com/b', { rule: 0, link_text: 'B' }, 'ruleCallback', null],
      ['http://example.com/c', { rule: 1, link_text: 'C' }, 'ruleCallback', null],
    ]);
  });

  it('yields parseStartUrl output before the links to follow', async () => {
    class Start extends CrawlSpider {
      name = 'start';
      override rules = [new Rule(new LinkExtractor({ allow: '/a' }))];
      override async *parseStartUrl(response: Response) {
        yield { start: response.url };
      }
    }
    const output = await parsePage(new Start(), PAGE);
    expect(output[0]).toEqual({ start: 'http://example.com/' });
    expect(urlsOf(output)).toEqual(['http://example.com/a']);
  });

  it('applies processLinks and processRequest, by method name or function', async () => {
    class Processing extends CrawlSpider {
      name = 'processing';
      override rules = [
        new Rule(new LinkExtractor(), {
          processLinks: 'dropNofollow',
          processRequest: (request: Request) => (request.url.endsWith('/b') ? null : request.replace({ priority: 5 })),
        }),
      ];
      dropNofollow(links: Link[]): Link[] {
        return links.filter((link) => !link.nofollow);
      }
    }
    const requests = (await parsePage(new Processing(), PAGE)) as Request[];
    expect(requests.map((request) => [request.url, request.priority])).toEqual([['http://example.com/a', 5]]);
  });

  it('post-processes callback results with the rule processResults, then the spider processResults', async () => {
    class Results extends CrawlSpider {
      name = 'results';
      override rules = [new Rule(new LinkExtractor({ allow: '/a' }), { callback: 'parseItem', processResults: 'tagRule', follow: true })];
      override parseStartUrl(response: Response) {
        return [{ start: response.url }];
      }
      *parseItem(response: Response) {
        yield { url: response.url };
        yield new Request({ url: 'http://example.com/extra' });
      }
      async *tagRule(_response: Response, results: AsyncIterable<unknown>) {
        for await (const result of results) yield result instanceof Request ? result : { ...(result as object), rule: 'a' };
      }
      override async processResults(response: Response, results: AsyncIterable<Record<string, unknown> | Request>) {
        const all: Array<Record<string, unknown> | Request> = [];
        for await (const result of results) all.push(result instanceof Request ? result : { ...result, from: response.url });
        return all;
      }
    }
    const spider = new Results();
    expect((await parsePage(spider, PAGE)).filter((value) => !(value instanceof Request))).toEqual([{ start: 'http://example.com/', from: 'http://example.com/' }]);
    const url = 'http://example.com/a';
    const response = new HtmlResponse({ url, body: Buffer.from(PAGE), request: new Request({ url, meta: { rule: 0 } }) });
    const output: unknown[] = [];
    for await (const value of spider.ruleCallback(response)) output.push(value);
    expect(output[0]).toEqual({ url, rule: 'a', from: url });
    // The callback's request goes through the hooks; the links the rule follows do not.
    expect(urlsOf(output)).toEqual(['http://example.com/extra', 'http://example.com/a']);
  });

  it('rejects Rule options it does not know, naming the accepted ones', () => {
    expect(() => new Rule(new LinkExtractor(), { process_results: 'x' } as never)).toThrow(/Unknown Rule option "process_results"; use "processResults"/);
    expect(() => new Rule(new LinkExtractor(), { calback: 'x' } as never)).toThrow(/Unknown Rule option "calback" \(accepted: callback, cbKwargs/);
    expect(() => new Rule({ allow: '/a' } as never)).toThrow(/Rule takes a LinkExtractor first/);
  });

  it('passes the rule cbKwargs to its callback and follows links only when asked', async () => {
    const calls: unknown[] = [];
    class Kwargs extends CrawlSpider {
      name = 'kwargs';
      override rules = [
        new Rule(new LinkExtractor({ allow: '/a' }), { callback: 'parseItem', cbKwargs: { kind: 'a', page: 1 } }),
        new Rule(new LinkExtractor({ allow: '/b' }), { callback: this.parseItem, follow: true }),
      ];
      parseItem(response: Response, kwargs: Record<string, unknown>) {
        calls.push([response.url, kwargs]);
        return [{ url: response.url }];
      }
    }
    const spider = new Kwargs();
    const respond = (rule: number, url: string, cbKwargs = {}) =>
      new HtmlResponse({ url, body: Buffer.from(PAGE), request: new Request({ url, meta: { rule }, cbKwargs }) });
    const output: unknown[] = [];
    const a = respond(0, 'http://example.com/a', { page: 2 });
    for await (const value of spider.ruleCallback(a, a.cbKwargs)) output.push(value);
    expect(output).toEqual([{ url: 'http://example.com/a' }]);
    output.length = 0;
    for await (const value of spider.ruleCallback(respond(1, 'http://example.com/b'))) output.push(value);
    expect(output[0]).toEqual({ url: 'http://example.com/b' });
    expect(urlsOf(output)).toEqual(['http://example.com/a', 'http://example.com/b']);
    expect(calls).toEqual([['http://example.com/a', { kind: 'a', page: 2 }], ['http://example.com/b', {}]]);
  });

  it('follows links of HTML responses only', async () => {
    class All extends CrawlSpider {
      name = 'all';
      override rules = [new Rule()];
    }
    expect(await parsePage(new All(), PAGE, TextResponse)).toEqual([]);
    expect(urlsOf(await parsePage(new All(), PAGE))).toHaveLength(3);
  });

  it('names an unknown rule method', async () => {
    class Typo extends CrawlSpider {
      name = 'typo';
      override rules = [new Rule(undefined, { callback: 'parseItme' })];
    }
    await expect(parsePage(new Typo(), PAGE)).rejects.toThrow('Typo has no method "parseItme" for a rule\'s callback');
  });
});
