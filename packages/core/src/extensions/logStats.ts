/** Logs "Crawled N pages (at X pages/min), scraped M items (at Y items/min)" every `LOGSTATS_INTERVAL` seconds. */
import type { CrawlerContext } from '../component/context.js';
import { NotConfigured } from '../errors.js';

export class LogStats {
  #timer: NodeJS.Timeout | undefined;
  #pagesPrev = 0;
  #itemsPrev = 0;

  constructor(crawler: CrawlerContext) {
    const interval = crawler.settings.get('LOGSTATS_INTERVAL');
    if (!(interval > 0)) throw new NotConfigured('LOGSTATS_INTERVAL is 0');
    const { signals, stats, logger } = crawler;
    const multiplier = 60 / interval;
    const log = () => {
      const pages = stats.getValue('response_received_count', 0);
      const items = stats.getValue('item_scraped_count', 0);
      const pageRate = Math.round((pages - this.#pagesPrev) * multiplier);
      const itemRate = Math.round((items - this.#itemsPrev) * multiplier);
      this.#pagesPrev = pages;
      this.#itemsPrev = items;
      logger.info(`Crawled ${pages} pages (at ${pageRate} pages/min), scraped ${items} items (at ${itemRate} items/min)`);
    };
    signals.on('spiderOpened', () => {
      log();
      this.#timer = setInterval(log, interval * 1000);
      this.#timer.unref();
    });
    signals.on('spiderClosed', () => clearInterval(this.#timer));
  }
}
