/**
 * A crawler runs one spider: it owns the settings, signals, stats and logger,
 * builds every component from them (extensions, middlewares, pipelines,
 * scheduler, downloader, engine) and runs the crawl to its end.
 */
import { Settings, type SettingsInput } from '../settings/settings.js';
import { SignalManager } from './signals.js';
import { StatsCollector } from './stats.js';
import { Logger } from './logger.js';
import { ExecutionEngine } from './engine.js';
import { Scraper, iterateOutput } from './scraper.js';
import { Scheduler, type SchedulerStorage } from '../scheduler/scheduler.js';
import { Downloader } from '../downloader/downloader.js';
import { loadDownloadHandlers } from '../downloader/handlers/loadHandlers.js';
import { DownloaderMiddlewareManager, type DownloaderMiddleware } from '../downloader/middlewareManager.js';
import { SpiderMiddlewareManager, type SpiderMiddleware } from '../spidermw/middlewareManager.js';
import { ItemPipelineManager, type ItemPipeline } from '../pipelines/pipelineManager.js';
import { loadComponents } from '../settings/components.js';
import type { Spider, SpiderArgs, SpiderClass } from '../spiders/spider.js';
import type { Request } from '../http/request.js';
import type { Response } from '../http/response.js';
import { registerBuiltins } from '../builtins.js';
import { applyHeapGrowth } from './heapGrowth.js';

export interface CrawlerOptions {
  /** Replace the in-memory frontier (disk or Redis storage). */
  schedulerStorage?: (crawler: Crawler) => SchedulerStorage | Promise<SchedulerStorage>;
}

export class Crawler<S extends Spider<any> = Spider<any>> {
  readonly settings: Settings;
  readonly stats = new StatsCollector();
  logger: Logger;
  readonly signals: SignalManager;
  #spider: S | undefined;
  #engine: ExecutionEngine | undefined;
  extensions: unknown[] = [];
  #crawling = false;

  constructor(
    readonly spiderClass: SpiderClass<S>,
    settings?: Settings | SettingsInput,
    private readonly options: CrawlerOptions = {},
  ) {
    registerBuiltins();
    this.settings = settings instanceof Settings ? settings.copy() : new Settings(settings);
    this.logger = this.#createLogger();
    this.signals = new SignalManager((message, error) => this.logger.error(message, error));
  }

  get spider(): S {
    if (!this.#spider) throw new Error('the crawler has no spider yet: call crawl() first');
    return this.#spider;
  }

  get engine(): ExecutionEngine {
    if (!this.#engine) throw new Error('the crawler is not crawling yet: call crawl() first');
    return this.#engine;
  }

  get crawling(): boolean {
    return this.#crawling;
  }

  /** Run the spider to the end; resolves with the close reason (`finished`, `shutdown`, ...). */
  async crawl(args: SpiderArgs = {}): Promise<string> {
    if (this.#crawling) throw new Error('crawling is already taking place');
    this.#crawling = true;
    const spider = new this.spiderClass();
    spider.applyArguments(args);
    spider.bindCrawler(this);
    this.#spider = spider;
    this.settings.update(spider.customSettings ?? {}, 'spider');
    this.settings.freeze();
    applyHeapGrowth(this.settings.get('HEAP_GROWTH_PERCENT'));
    this.logger = this.#createLogger();

    this.logger.info(`Arachne started (bot: ${this.settings.get('BOT_NAME')})`);
    this.extensions = await loadComponents(this, 'EXTENSIONS_BASE', 'EXTENSIONS');
    const downloaderMws = await loadComponents<DownloaderMiddleware>(this, 'DOWNLOADER_MIDDLEWARES_BASE', 'DOWNLOADER_MIDDLEWARES');
    const spiderMws = await loadComponents<SpiderMiddleware>(this, 'SPIDER_MIDDLEWARES_BASE', 'SPIDER_MIDDLEWARES');
    const pipelines = await loadComponents<ItemPipeline>(this, 'ITEM_PIPELINES_BASE', 'ITEM_PIPELINES');
    this.#logEnabled('downloader middlewares', downloaderMws);
    this.#logEnabled('spider middlewares', spiderMws);
    this.#logEnabled('item pipelines', pipelines);

    const storage = this.options.schedulerStorage ? await this.options.schedulerStorage(this) : undefined;
    const scheduler = new Scheduler(this, storage);
    const downloader = new Downloader(this, new DownloaderMiddlewareManager(downloaderMws), await loadDownloadHandlers(this));
    const spiderMiddleware = new SpiderMiddlewareManager(spiderMws);
    const scraper = new Scraper(this, spiderMiddleware, new ItemPipelineManager(pipelines), (request) => this.engine.crawl(request));
    this.#engine = new ExecutionEngine(this, scheduler, downloader, scraper);

    const components = [...downloaderMws, ...spiderMws, ...pipelines] as Array<{ openSpider?(s: Spider): unknown; closeSpider?(s: Spider): unknown }>;
    for (const component of components) await component.openSpider?.(spider);
    // Components close before spiderClosed listeners (feeds) run, as in Scrapy.
    this.signals.on('spiderClosed', async () => {
      for (const component of components) {
        try {
          await component.closeSpider?.(spider);
        } catch (error) {
          this.logger.error(`error closing ${component.constructor.name}`, error);
        }
      }
    });

    this.logger.info(`Spider opened: ${spider.name}`);
    const start = spiderMiddleware.processStart(iterateOutput(spider.start()), spider);
    const reason = await this.#engine.run(start);
    if (this.settings.get('STATS_DUMP')) {
      this.logger.info(`Dumping Arachne stats:\n${JSON.stringify(this.stats.getStats(), null, 2)}`);
    }
    return reason;
  }

  /** Fetch a request from inside a callback: `const page = await this.crawler.download(request)`. */
  download(request: Request): Promise<Response> {
    return this.engine.download(request);
  }

  /** Close the spider gracefully (in-flight requests finish). */
  async stop(reason = 'shutdown'): Promise<void> {
    if (this.#engine?.running) await this.#engine.closeSpider(reason);
  }

  #createLogger(): Logger {
    return Logger.create({
      level: this.settings.get('LOG_LEVEL'),
      enabled: this.settings.get('LOG_ENABLED'),
      file: this.settings.get('LOG_FILE'),
    });
  }

  #logEnabled(kind: string, components: unknown[]): void {
    const names = components.map((component) => (component as object).constructor.name);
    this.logger.info(`Enabled ${kind}: ${names.length ? names.join(', ') : 'none'}`);
  }
}
