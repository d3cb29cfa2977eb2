/**
 * Runs one or more crawlers in this process, as Scrapy's CrawlerProcess. It
 * owns the process, so it alone sets what is process-wide: the first Ctrl-C
 * (SIGINT/SIGTERM) closes every spider gracefully and the second exits at
 * once, and `HEAP_GROWTH_PERCENT` tunes V8. Each crawler gets its own copy of
 * the settings and its own component registry (`CrawlerOptions`).
 */
import { Crawler, type CrawlerOptions } from './crawler.js';
import { applyHeapGrowth } from './heapGrowth.js';
import { Settings, type SettingsInput } from '../settings/settings.js';
import type { Spider, SpiderArgs, SpiderClass } from '../spiders/spider.js';

export class CrawlerProcess {
  readonly settings: Settings;
  readonly crawlers = new Set<Crawler<any>>();
  readonly #running: Array<Promise<string>> = [];
  #signalsInstalled = false;
  #shuttingDown = false;

  constructor(settings?: Settings | SettingsInput, private readonly options: { installSignalHandlers?: boolean } & CrawlerOptions = {}) {
    this.settings = settings instanceof Settings ? settings : new Settings(settings);
  }

  /** Start crawling with a spider; returns the crawler (the crawl runs until `start()` resolves). */
  crawl<S extends Spider<any>>(spiderClass: SpiderClass<S>, args: SpiderArgs = {}): Crawler<S> {
    applyHeapGrowth(this.settings.get('HEAP_GROWTH_PERCENT'));
    const crawler = new Crawler(spiderClass, this.settings, this.options);
    this.crawlers.add(crawler);
    const run = crawler.crawl(args);
    run.catch(() => undefined).finally(() => this.crawlers.delete(crawler));
    this.#running.push(run);
    this.#installSignalHandlers();
    return crawler;
  }

  /** Wait until every crawl is done (one failing does not stop the others); then rejects with the first crawl's error, if any. */
  async start(): Promise<string[]> {
    try {
      const outcomes = await Promise.allSettled(this.#running);
      const failed = outcomes.find((outcome) => outcome.status === 'rejected');
      if (failed) throw failed.reason;
      return outcomes.map((outcome) => (outcome as PromiseFulfilledResult<string>).value);
    } finally {
      this.#removeSignalHandlers();
    }
  }

  async stop(): Promise<void> {
    await Promise.all([...this.crawlers].map((crawler) => crawler.stop('shutdown')));
  }

  readonly #onSignal = (signal: NodeJS.Signals) => {
    const logger = [...this.crawlers][0]?.logger;
    if (this.#shuttingDown) {
      logger?.info(`Received ${signal} twice, forcing unclean shutdown`);
      process.exit(130);
    }
    this.#shuttingDown = true;
    logger?.info(`Received ${signal}, shutting down gracefully. Send again to force`);
    void this.stop();
  };

  #installSignalHandlers(): void {
    if (this.#signalsInstalled || this.options.installSignalHandlers === false) return;
    this.#signalsInstalled = true;
    process.on('SIGINT', this.#onSignal);
    process.on('SIGTERM', this.#onSignal);
  }

  #removeSignalHandlers(): void {
    if (!this.#signalsInstalled) return;
    process.off('SIGINT', this.#onSignal);
    process.off('SIGTERM', this.#onSignal);
    this.#signalsInstalled = false;
  }
}
