/**
 * Reads the shop's stock list, a semicolon-separated CSV, with CsvFeedSpider:
 * one item per row; a row with the wrong number of fields is skipped with a
 * warning (and counted as `csvfeed/ignored_row_count`).
 *
 *   pnpm crawl stock -O stock.jsonl
 */
import { CsvFeedSpider, Request, type Response } from '@arachne/core';
import { startDemoSite, type DemoSite } from '../demoSite.js';

export interface StockLine {
  sku: string;
  warehouse: string;
  quantity: number;
  updated: string;
}

export class StockSpider extends CsvFeedSpider<StockLine> {
  name = 'stock';
  override delimiter = ';';
  /** `-a feed_url=...`; empty serves the demo list. */
  feed_url = '';
  #demo: DemoSite | undefined;

  override async *start() {
    let url = this.feed_url;
    if (!url) {
      this.#demo = await startDemoSite();
      url = `${this.#demo.url}stock.csv`;
    }
    yield new Request(url, { dontFilter: true });
  }

  parseRow(_response: Response, row: Record<string, string>): StockLine {
    return { sku: row.sku!, warehouse: row.warehouse!, quantity: Number(row.quantity), updated: row.updated! };
  }

  override async closed() {
    await this.#demo?.close();
  }
}
