/** Core crawl statistics, under Scrapy's keys: times, responses, items, and every dropped request by reason. */
import type { CrawlerContext } from '../component/context.js';
import { DropItem } from '../errors.js';

export class CoreStats {
  #start = 0;

  constructor(crawler: CrawlerContext) {
    const { signals, stats } = crawler;
    const itemDroppedKey = keysUnder('item_dropped_reasons_count/');
    const requestDroppedKey = keysUnder('request_dropped_reasons_count/');
    signals.on('spiderOpened', () => {
      this.#start = Date.now();
      stats.setValue('start_time', new Date(this.#start));
    });
    signals.on('spiderClosed', ({ reason }) => {
      const finish = Date.now();
      stats.setValue('finish_time', new Date(finish));
      stats.setValue('elapsed_time_seconds', (finish - this.#start) / 1000);
      stats.setValue('finish_reason', reason);
    });
    signals.on('responseReceived', () => stats.incValue('response_received_count'));
    signals.on('itemScraped', () => stats.incValue('item_scraped_count'));
    signals.on('itemDropped', ({ exception }) => {
      stats.incValue('item_dropped_count');
      stats.incValue(itemDroppedKey(exception instanceof DropItem ? exception.reason : exception.name));
    });
    signals.on('requestDropped', ({ reason }) => {
      stats.incValue('request_dropped_count');
      stats.incValue(requestDroppedKey(reason));
    });
  }
}

/**
 * `prefix + name`, built once per name. These count every dropped request (most
 * links of a crawl are duplicates), and a key built afresh is hashed afresh on every lookup.
 */
function keysUnder(prefix: string): (name: string) => string {
  const keys = new Map<string, string>();
  return (name) => {
    let key = keys.get(name);
    if (key === undefined) keys.set(name, (key = prefix + name));
    return key;
  };
}
