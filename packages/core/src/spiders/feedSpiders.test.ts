/**
 * XmlFeedSpider and CsvFeedSpider against Scrapy 2.8's iterators, recorded by
 * fixtures/feeds/record-scrapy.py on the feeds in fixtures/feeds/files (run
 * it again after changing cases.json or a feed); then crawls of generated
 * feeds through the engine, and hostile XML.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Crawler } from '../engine/crawler.js';
import { Request, type SpiderOutput } from '../http/request.js';
import { TextResponse, XmlResponse, type Response } from '../http/response.js';
import type { Selector } from '../selector/index.js';
import type { SettingsInput } from '../settings/settings.js';
import { CsvFeedSpider } from './csvFeedSpider.js';
import { iterateCsvRows } from './csvRows.js';
import { XmlFeedSpider, type XmlFeedIterator } from './xmlFeedSpider.js';

interface XmlCase {
  feed: string;
  itertag: string;
  iterator: XmlFeedIterator;
  queries: string[];
  namespaces?: Record<string, string>;
  contentType?: string;
}
interface CsvCase {
  feed: string;
  delimiter?: string;
  quotechar?: string;
  headers?: string[];
  contentType?: string;
}

const fixtures = new URL('fixtures/feeds/', import.meta.url);
const feedFile = (name: string): Buffer => readFileSync(new URL(`files/${name}`, fixtures));
const cases = JSON.parse(readFileSync(new URL('cases.json', fixtures), 'utf8')) as { xml: XmlCase[]; csv: CsvCase[] };
const recorded = JSON.parse(readFileSync(new URL('scrapy-answers.json', fixtures), 'utf8')) as {
  xml: string[][][][];
  csv: Array<{ rows: Array<Record<string, string>>; warnings: string[] }>;
};

/** A feed spider as a Scrapy user writes one, answering the case's queries for each node. */
function answersOf(testCase: XmlCase): Promise<string[][][]> {
  class QuerySpider extends XmlFeedSpider<{ answers: string[][] }> {
    name = 'queries';
    override iterator = testCase.iterator;
    override itertag = testCase.itertag;
    override namespaces = testCase.namespaces ?? {};
    *parseNode(_response: Response, node: Selector) {
      yield { answers: testCase.queries.map((query) => node.xpath(query).getAll()) };
    }
  }
  const response = new XmlResponse({ url: `http://127.0.0.1:8000/${testCase.feed}`, body: feedFile(testCase.feed), headers: testCase.contentType ? { 'Content-Type': testCase.contentType } : {} });
  return collect(new QuerySpider().parse(response), (item) => (item as { answers: string[][] }).answers);
}

async function collect<T>(output: AsyncIterable<unknown>, map: (value: unknown) => T): Promise<T[]> {
  const values: T[] = [];
  for await (const value of output) values.push(map(value));
  return values;
}

describe.each(cases.xml.map((testCase, index) => [`${testCase.feed} ${testCase.iterator} ${testCase.itertag}`, testCase, index] as const))(
  'XmlFeedSpider on %s as Scrapy answers',
  (_, testCase, index) => {
    it('gives the same nodes and the same answers to each query', async () => {
      expect(await answersOf(testCase)).toEqual(recorded.xml[index]);
    });
  },
);

describe.each(cases.csv.map((testCase, index) => [`${testCase.feed} ${JSON.stringify(testCase.headers ?? null)}`, testCase, index] as const))(
  'CsvFeedSpider rows of %s as Scrapy reads them',
  (_, testCase, index) => {
    it('gives the same rows and skips the same rows', async () => {
      const response = new TextResponse({ url: `http://127.0.0.1:8000/${testCase.feed}`, body: feedFile(testCase.feed), headers: testCase.contentType ? { 'Content-Type': testCase.contentType } : {} });
      const warnings: string[] = [];
      const rows = await collect(
        iterateCsvRows(response.body, response.encoding, {
          delimiter: testCase.delimiter,
          quotechar: testCase.quotechar,
          headers: testCase.headers,
          onBadRow: (line, length, expected) => warnings.push(`ignoring row ${line} (length: ${length}, should be: ${expected})`),
        }),
        (row) => row,
      );
      expect({ rows, warnings }).toEqual(recorded.csv[index]);
    });
  },
);

// ---------------------------------------------------------------- crawls

const HOSTILE_PATH = '/secret.txt';
let server: Server;
let base: string;
const requested: string[] = [];
const bodies = new Map<string, [contentType: string, body: Buffer | string]>();

function rssFeed(items: number): string {
  const parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:g="http://base.google.com/ns/1.0"><channel><title>Shop</title>\n'];
  for (let i = 1; i <= items; i++) parts.push(`<item><g:id>${i}</g:id><title>Book ${i} &amp; more</title><link>${base}/book/${i}</link><g:price>${(i % 50) + 0.99} GBP</g:price></item>\n`);
  parts.push('</channel></rss>\n');
  return parts.join('');
}

beforeAll(async () => {
  server = createServer((req, res) => {
    requested.push(req.url ?? '');
    const route = bodies.get(req.url ?? '');
    if (!route) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': route[0] }).end(route[1]);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  bodies.set('/feed.xml', ['application/rss+xml', rssFeed(5000)]);
  bodies.set('/products.csv', ['text/csv', `id;title;price\n${Array.from({ length: 5000 }, (_, i) => `${i + 1};"Book ${i + 1}; vol. ${i % 3}";${(i % 50) + 0.99}`).join('\n')}\n7;broken\n`]);
  bodies.set(HOSTILE_PATH, ['text/plain', 'TOP SECRET']);
  const laughs = Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join('\n');
  bodies.set('/hostile.xml', ['application/xml', `<?xml version="1.0"?>
<!DOCTYPE rss [
<!ENTITY lol0 "lol">
${laughs}
<!ENTITY xxe SYSTEM "${base}${HOSTILE_PATH}">
<!ENTITY file SYSTEM "file:///etc/passwd">
<!ENTITY % remote SYSTEM "${base}${HOSTILE_PATH}">
%remote;
]>
<rss><channel>
<item><title>&lol9;</title><link>&xxe;</link><description>&file;</description></item>
<item><title>safe &amp; sound</title><link>${base}/book/1</link><description>ok</description></item>
</channel></rss>`]);
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const QUIET: SettingsInput = { LOG_ENABLED: false, LOGSTATS_INTERVAL: 0, STATS_DUMP: false };

async function crawl(spider: new () => XmlFeedSpider<any> | CsvFeedSpider<any>, settings: SettingsInput = {}) {
  const crawler = new Crawler(spider, { ...QUIET, ...settings });
  const items: any[] = [];
  crawler.signals.on('itemScraped', ({ item }) => { items.push(item); });
  const reason = await crawler.crawl();
  return { items, reason, stats: crawler.stats };
}

interface Book {
  id: string;
  title: string;
  price: number;
  feedItem?: number;
}

describe('XmlFeedSpider crawls', () => {
  it('streams every node of a feed to parseNode, and processResults sees each node\'s results', async () => {
    let processed = 0;
    class ShopFeed extends XmlFeedSpider<Book> {
      name = 'shop-feed';
      override startUrls = [`${base}/feed.xml`];
      override namespaces: Array<[string, string]> = [['g', 'http://base.google.com/ns/1.0']];
      *parseNode(_response: Response, node: Selector) {
        yield { id: node.xpath('g:id/text()').get(''), title: node.xpath('title/text()').get(''), price: Number.parseFloat(node.xpath('g:price/text()').get('')) };
      }
      override async *processResults(_response: Response, results: AsyncIterable<Book | Request>) {
        for await (const result of results) yield result instanceof Request ? result : { ...result, feedItem: ++processed };
      }
    }
    const { items, reason } = await crawl(ShopFeed);
    expect(reason).toBe('finished');
    expect(items).toHaveLength(5000);
    expect(items[0]).toEqual({ id: '1', title: 'Book 1 & more', price: 1.99, feedItem: 1 });
    expect(items[4999]).toEqual({ id: '5000', title: 'Book 5000 & more', price: 0.99, feedItem: 5000 });
  });

  it('follows the requests parseNode yields, and adaptResponse can rewrite the feed', async () => {
    class Linking extends XmlFeedSpider<{ url: string }> {
      name = 'linking';
      override startUrls = [`${base}/feed.xml`];
      override adaptResponse(response: Response): Response {
        // Keep the first three items only.
        const text = (response as TextResponse).text;
        const cut = text.split('<item>').slice(0, 4).join('<item>');
        return response.replace({ body: `${cut.slice(0, cut.lastIndexOf('</item>') + 7)}</channel></rss>` });
      }
      *parseNode(response: Response, node: Selector): Generator<Request> {
        yield new Request(node.xpath('link/text()').get('')!, { callback: this.parseBook, dontFilter: true });
      }
      *parseBook(response: Response) {
        yield { url: response.url };
      }
    }
    const before = requested.length;
    await crawl(Linking);
    expect(requested.slice(before).sort()).toEqual(['/book/1', '/book/2', '/book/3', '/feed.xml']);
  });

  it.each(['iternodes', 'xml', 'html'] as const)('neither expands entities nor fetches external ones (%s)', async (iterator) => {
    class Hostile extends XmlFeedSpider<Record<string, string>> {
      name = 'hostile';
      override startUrls = [`${base}/hostile.xml`];
      override iterator = iterator;
      *parseNode(_response: Response, node: Selector) {
        yield { title: node.xpath('string(title)').get(''), link: node.xpath('string(link)').get(''), description: node.xpath('string(description)').get('') };
      }
    }
    const before = requested.length;
    const { items } = await crawl(Hostile);
    expect(items).toHaveLength(2);
    const text = JSON.stringify(items);
    // A billion "lol"s would be 3 GB; /etc/passwd starts with "root:"; the secret is only served over HTTP.
    expect(text.length).toBeLessThan(1000);
    expect(text).not.toContain('lollol');
    expect(text).not.toContain('root:');
    expect(text).not.toContain('TOP SECRET');
    expect(requested.slice(before)).toEqual(['/hostile.xml']);
    // Read as HTML, <link> is an empty element (as lxml's HTML parser, so Scrapy's 'html' iterator, makes it).
    expect(items[1]).toEqual({ title: 'safe & sound', link: iterator === 'html' ? '' : `${base}/book/1`, description: 'ok' });
  });

  it('rejects at start what Scrapy would only fail on later', async () => {
    class BadIterator extends XmlFeedSpider {
      name = 'bad';
      override iterator = 'sax' as never;
      parseNode(): SpiderOutput<Record<string, unknown>> { return []; }
    }
    await expect(new Crawler(BadIterator, QUIET).crawl()).rejects.toThrow(/iterator must be one of 'iternodes', 'xml', 'html', got "sax"/);
    class OwnParse extends XmlFeedSpider {
      name = 'own-parse';
      parseNode(): SpiderOutput<Record<string, unknown>> { return []; }
      override async *parse(): AsyncGenerator<never> {}
    }
    await expect(new Crawler(OwnParse, QUIET).crawl()).rejects.toThrow(/must not override parse\(\), which iterates the feed; write parseNode/);
    class ScrapyNames extends XmlFeedSpider {
      name = 'scrapy-names';
      parseNode(): SpiderOutput<Record<string, unknown>> { return []; }
      parse_node(): void {}
    }
    await expect(new Crawler(ScrapyNames, QUIET).crawl()).rejects.toThrow(/"parse_node" is Scrapy's name; in Arachne it is "parseNode"/);
  });
});

describe('CsvFeedSpider crawls', () => {
  it('streams every row to parseRow, skipping and counting a row of the wrong length', async () => {
    class Products extends CsvFeedSpider<Book> {
      name = 'products';
      override startUrls = [`${base}/products.csv`];
      override delimiter = ';';
      parseRow(_response: Response, row: Record<string, string>): Book {
        return { id: row.id!, title: row.title!, price: Number(row.price) };
      }
    }
    const { items, stats } = await crawl(Products);
    expect(items).toHaveLength(5000);
    expect(items[1]).toEqual({ id: '2', title: 'Book 2; vol. 1', price: 1.99 });
    expect(stats.getValue('csvfeed/ignored_row_count')).toBe(1);
  });

  it('stops reading when the spider stops taking rows', async () => {
    class FirstTen extends CsvFeedSpider<{ id: string }> {
      name = 'first-ten';
      override startUrls = [`${base}/products.csv`];
      override delimiter = ';';
      override async *processResults(_response: Response, results: AsyncIterable<{ id: string } | Request>) {
        for await (const result of results) if (!(result instanceof Request) && Number(result.id) <= 10) yield result;
      }
      *parseRow(_response: Response, row: Record<string, string>) {
        yield { id: row.id! };
      }
    }
    const { items } = await crawl(FirstTen);
    expect(items.map((item) => item.id)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
  });

  it('rejects a dialect Python\'s csv module would reject', async () => {
    class Bad extends CsvFeedSpider {
      name = 'bad-csv';
      override delimiter = '::';
      parseRow(): SpiderOutput<Record<string, unknown>> { return []; }
    }
    await expect(new Crawler(Bad, QUIET).crawl()).rejects.toThrow(/delimiter must be one character/);
  });
});
