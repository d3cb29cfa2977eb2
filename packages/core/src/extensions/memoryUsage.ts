/**
 * Watches the process's resident memory (RSS) every
 * `MEMUSAGE_CHECK_INTERVAL_SECONDS`: records the peak, warns once past
 * `MEMUSAGE_WARNING_MB`, and closes the spider (`memusage_exceeded`) past `MEMUSAGE_LIMIT_MB`.
 */
import type { CrawlerContext } from '../component/context.js';
import { NotConfigured } from '../errors.js';

const MIB = 1024 * 1024;

export class MemoryUsage {
  readonly #crawler: CrawlerContext;
  readonly #limit: number;
  readonly #warning: number;
  #warned = false;
  #timer: NodeJS.Timeout | undefined;

  constructor(crawler: CrawlerContext) {
    const { settings, signals } = crawler;
    if (!settings.get('MEMUSAGE_ENABLED')) throw new NotConfigured('MEMUSAGE_ENABLED is false');
    this.#crawler = crawler;
    this.#limit = settings.get('MEMUSAGE_LIMIT_MB') * MIB;
    this.#warning = settings.get('MEMUSAGE_WARNING_MB') * MIB;
    const interval = settings.get('MEMUSAGE_CHECK_INTERVAL_SECONDS');
    signals.on('spiderOpened', () => {
      crawler.stats.setValue('memusage/startup', process.memoryUsage.rss());
      // First check once the engine has finished opening: closing the spider from inside spiderOpened is not safe.
      setImmediate(() => this.#check());
      if (interval > 0) this.#timer = setInterval(() => this.#check(), interval * 1000).unref();
    });
    signals.on('spiderClosed', () => clearInterval(this.#timer));
  }

  #check(): void {
    const { stats, logger } = this.#crawler;
    const rss = process.memoryUsage.rss();
    stats.maxValue('memusage/max', rss);
    if (this.#limit > 0 && rss > this.#limit) {
      stats.setValue('memusage/limit_reached', 1);
      logger.error(`Memory usage exceeded ${this.#limit / MIB} MiB (RSS ${Math.round(rss / MIB)} MiB). Shutting down Arachne...`);
      clearInterval(this.#timer);
      void this.#crawler.engine.closeSpider('memusage_exceeded');
      return;
    }
    if (this.#warning > 0 && !this.#warned && rss > this.#warning) {
      this.#warned = true;
      stats.setValue('memusage/warning_reached', 1);
      logger.warning(`Memory usage reached ${this.#warning / MIB} MiB (RSS ${Math.round(rss / MIB)} MiB)`);
    }
  }
}
