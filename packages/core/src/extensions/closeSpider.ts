/**
 * Closes the spider when a condition is met: a time limit
 * (`CLOSESPIDER_TIMEOUT`), enough items, pages or spider errors
 * (`CLOSESPIDER_ITEMCOUNT`, `_PAGECOUNT`, `_ERRORCOUNT`), or no item for a
 * while (`CLOSESPIDER_TIMEOUT_NO_ITEM`). The reason is `closespider_<condition>`.
 * Registered as `CloseSpider` in `EXTENSIONS`.
 */
import type { CrawlerContext } from '../component/context.js';
import { NotConfigured } from '../errors.js';

export class CloseSpiderExtension {
  readonly #crawler: CrawlerContext;
  readonly #timers: NodeJS.Timeout[] = [];

  constructor(crawler: CrawlerContext) {
    const { settings, signals } = crawler;
    const timeout = settings.get('CLOSESPIDER_TIMEOUT');
    const itemCount = settings.get('CLOSESPIDER_ITEMCOUNT');
    const pageCount = settings.get('CLOSESPIDER_PAGECOUNT');
    const errorCount = settings.get('CLOSESPIDER_ERRORCOUNT');
    const noItemTimeout = settings.get('CLOSESPIDER_TIMEOUT_NO_ITEM');
    if (!(timeout > 0 || itemCount > 0 || pageCount > 0 || errorCount > 0 || noItemTimeout > 0)) {
      throw new NotConfigured('no CLOSESPIDER_* condition is set');
    }
    this.#crawler = crawler;
    if (itemCount > 0) this.#closeAtCount('itemScraped', itemCount, 'closespider_itemcount');
    if (pageCount > 0) this.#closeAtCount('responseReceived', pageCount, 'closespider_pagecount');
    if (errorCount > 0) this.#closeAtCount('spiderError', errorCount, 'closespider_errorcount');
    signals.on('spiderOpened', () => {
      if (timeout > 0) this.#startTimer(timeout, 'closespider_timeout');
      if (noItemTimeout > 0) {
        const timer = this.#startTimer(noItemTimeout, 'closespider_timeout_no_item');
        signals.on('itemScraped', () => void timer.refresh());
        crawler.logger.info(`Spider will stop when no items are produced after ${noItemTimeout} seconds.`);
      }
    });
    signals.on('spiderClosed', () => {
      for (const timer of this.#timers) clearTimeout(timer);
    });
  }

  #closeAtCount(signal: 'itemScraped' | 'responseReceived' | 'spiderError', limit: number, reason: string): void {
    let count = 0;
    this.#crawler.signals.on(signal, () => {
      if (++count === limit) this.#close(reason);
    });
  }

  #startTimer(seconds: number, reason: string): NodeJS.Timeout {
    const timer = setTimeout(() => this.#close(reason), seconds * 1000).unref();
    this.#timers.push(timer);
    return timer;
  }

  #close(reason: string): void {
    void this.#crawler.engine.closeSpider(reason);
  }
}
