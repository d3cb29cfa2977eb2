/** The tutorial spider, run as a user would: on its own demo site, and on another site given with -a start_url. */
import { describe, expect, it } from 'vitest';
import { Crawler } from '@arachne/core';
import { BooksSpider } from '../spiders/books.js';
import type { PricedBook } from '../pipelines.js';
import { startDemoSite } from '../demoSite.js';

async function crawlBooks(args: Record<string, string> = {}) {
  const crawler = new Crawler(BooksSpider, { LOG_ENABLED: false, LOGSTATS_INTERVAL: 0, STATS_DUMP: false });
  const books: PricedBook[] = [];
  crawler.signals.on('itemScraped', ({ item }) => {
    books.push(item as PricedBook);
  });
  await crawler.crawl(args);
  return { books, stats: crawler.stats };
}

describe('the books example', () => {
  it('crawls its own demo site: every book, priced by the pipeline, stamped by the spider middleware', async () => {
    const { books, stats } = await crawlBooks();
    expect(books).toHaveLength(40);
    expect(books.every((book) => book.title && Number.isFinite(book.priceValue) && book.price.startsWith('£'))).toBe(true);
    expect(books.every((book) => typeof (book as unknown as { scrapedAt: unknown }).scrapedAt === 'string')).toBe(true);
    expect(stats.getValue('books/slowest_ms')).toBeGreaterThanOrEqual(0); // the downloader middleware ran
  });

  it('crawls another site with the same markup given as -a start_url, honouring -a max_pages', async () => {
    const other = await startDemoSite();
    try {
      const { books } = await crawlBooks({ start_url: other.url, max_pages: '2' });
      expect(books).toHaveLength(20);
      expect(books.every((book) => book.url.startsWith(other.url))).toBe(true);
    } finally {
      await other.close();
    }
  });
});
