/** The example as a user runs it: its project settings, its spider, its demo site, real Chromium. */
import { describe, expect, it } from 'vitest';
import { Crawler } from '@arachne/core';
import config from '../arachne.config.js';
import { QuotesSpider, type AuthorItem, type QuoteItem } from '../spiders/quotes.js';
import { QUOTE_COUNT } from '../demoSite.js';

describe('the quotes-js example', () => {
  it('renders every listing page in the browser and fetches the author pages over HTTP', async () => {
    const crawler = new Crawler(QuotesSpider, { ...config, LOG_ENABLED: false, LOGSTATS_INTERVAL: 0, STATS_DUMP: false });
    const items: Array<QuoteItem | AuthorItem> = [];
    crawler.signals.on('itemScraped', ({ item }) => void items.push(item as QuoteItem | AuthorItem));
    await crawler.crawl();
    const quotes = items.filter((item): item is QuoteItem => item.kind === 'quote');
    const authors = items.filter((item): item is AuthorItem => item.kind === 'author');
    expect(quotes).toHaveLength(QUOTE_COUNT);
    expect(quotes[0]).toEqual({ kind: 'quote', text: 'Quote number 1, rendered by a script.', author: 'Alan Turing', tags: ['tag1', 'odd'] });
    expect(authors.map((author) => author.name).sort()).toEqual(['Ada Lovelace', 'Alan Turing', 'Barbara Liskov', 'Edsger Dijkstra', 'Grace Hopper']);
    expect(crawler.stats.getValue('playwright/request_count')).toBe(4); // the four listing pages; the authors went over HTTP
  }, 120_000);
});
