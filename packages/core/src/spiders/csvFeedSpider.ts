/**
 * Scrapy's `CSVFeedSpider`: every response of the spider's start URLs (and of
 * requests without a callback) is a CSV feed whose rows go one by one, as
 * objects keyed by the header, to `parseRow`, whose results go through
 * `processResults`. The feed is parsed as a stream (see csvRows.ts).
 */
import type { Request, SpiderOutput } from '../http/request.js';
import { Response, TextResponse } from '../http/response.js';
import type { CrawlerContext } from '../component/context.js';
import { iterateOutput, toAsync } from './output.js';
import { iterateCsvRows } from './csvRows.js';
import { Spider } from './spider.js';

export abstract class CsvFeedSpider<Item = Record<string, unknown>> extends Spider<Item> {
  /** The field separator; null for `,`. */
  delimiter: string | null = null;
  /** The quote character; null for `"`. */
  quotechar: string | null = null;
  /** The column names; null to read them from the first row. */
  headers: string[] | null = null;

  /** Called with each row (`{ column: value }`): return or yield items and requests. */
  abstract parseRow(response: Response, row: Record<string, string>): SpiderOutput<Item>;

  /** Checks the dialect at start; a spider that overrides `parse` is an error (it runs the feed). */
  override bindCrawler(crawler: CrawlerContext): void {
    super.bindCrawler(crawler);
    const name = this.constructor.name;
    if (this.parse !== CsvFeedSpider.prototype.parse) throw new TypeError(`${name}: a CsvFeedSpider must not override parse(), which iterates the feed; write parseRow(response, row)`);
    if (typeof this.parseRow !== 'function') throw new TypeError(`${name}: a CsvFeedSpider needs a parseRow(response, row) method`);
    for (const key of ['delimiter', 'quotechar'] as const) {
      const value = this[key];
      if (value !== null && (typeof value !== 'string' || value.length !== 1)) throw new TypeError(`${name}: ${key} must be one character (or null for the default), got ${JSON.stringify(value)}`);
    }
    if (this.headers !== null && !(Array.isArray(this.headers) && this.headers.every((header) => typeof header === 'string'))) {
      throw new TypeError(`${name}: headers must be a list of column names (or null to read the first row), got ${JSON.stringify(this.headers)}`);
    }
  }

  /** Override to change the feed before it is parsed; return the response to parse. */
  adaptResponse(response: Response): Response | Promise<Response> {
    return response;
  }

  /** Called with each row's results (as an async iterable) before they reach the crawl. Default: the results. */
  processResults(_response: Response, results: AsyncIterable<Item | Request>): SpiderOutput<Item> {
    return results;
  }

  /** The feed's rows through `parseRow` and `processResults`. */
  async *parseRows(response: Response): AsyncGenerator<Item | Request> {
    const processes = this.processResults !== CsvFeedSpider.prototype.processResults;
    const encoding = response instanceof TextResponse ? response.encoding : 'utf-8';
    const rows = iterateCsvRows(response.body, encoding, {
      delimiter: this.delimiter,
      quotechar: this.quotechar,
      headers: this.headers,
      onBadRow: (line, length, expected) => {
        this.logger.warning(`ignoring row ${line} of ${response.url} (length: ${length}, should be: ${expected})`);
        this.crawler.stats.incValue('csvfeed/ignored_row_count');
      },
    });
    for await (const row of rows) {
      const results = iterateOutput(this.parseRow(response, row));
      yield* (processes ? iterateOutput(this.processResults(response, toAsync(results) as AsyncIterable<Item | Request>)) : results) as AsyncIterable<Item | Request>;
    }
  }

  /** Parses the feed. Do not override it: write `parseRow`. */
  override async *parse(response: Response): AsyncGenerator<Item | Request> {
    const feed = await this.adaptResponse(response);
    if (!(feed instanceof Response)) throw new TypeError(`${this.constructor.name}.adaptResponse must return a Response, got ${String(feed)}`);
    yield* this.parseRows(feed);
  }
}
