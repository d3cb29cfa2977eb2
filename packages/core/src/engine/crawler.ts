/**
 * A crawler runs one spider: it owns the settings, signals, stats and logger,
 * resolves every component named in the settings (declaring the settings they
 * bring), builds them (extensions, middlewares, pipelines, download handlers,
 * scheduler, downloader, engine) and runs the crawl to its end. Everything a
 * crawl registers or loads belongs to its crawler: two crawlers in one process
 * share nothing but the process.
 */
import { Settings, type SettingsInput } from '../settings/settings.js';
import { SignalManager } from './signals.js';
import { StatsCollector } from './stats.js';
import { Logger } from './logger.js';
import { ExecutionEngine } from './engine.js';
import { Scraper } from './scraper.js';
import { LogFormatter } from './logFormatter.js';
import { iterateOutput } from '../spiders/output.js';
import { Scheduler } from '../scheduler/scheduler.js';
import { Downloader } from '../downloader/downloader.js';
import { DownloaderMiddlewareManager, type DownloaderMiddleware } from '../downloader/middlewareManager.js';
import { SpiderMiddlewareManager, type SpiderMiddleware } from '../spidermw/middlewareManager.js';
import { ItemPipelineManager, type ItemPipeline } from '../pipelines/pipelineManager.js';
import type { DownloadHandler } from '../downloader/handlers/handler.js';
import { ComponentRegistry, type ResolvedComponent } from '../component/registry.js';
import { resolveComponents } from './componentPlan.js';
import type { CrawlerOptions } from './crawlerOptions.js';
import { buildComponent, type NamedComponent } from '../component/build.js';
import type { ComponentClass, CrawlerContext } from '../component/context.js';
import { checkSpiderNames } from '../spiders/scrapyNames.js';
import type { Spider, SpiderArgs, SpiderClass } from '../spiders/spider.js';
import type { Request } from '../http/request.js';
import type { Response } from '../http/response.js';
import { BUILTIN_COMPONENTS } from '../builtins.js';

export type { CrawlerOptions };

export class Crawler<S extends Spider<any> = Spider<any>> implements CrawlerContext {
  readonly settings: Settings;
  readonly stats = new StatsCollector();
  logger: Logger;
  readonly signals: SignalManager;
  readonly components: ComponentRegistry;
  #spider: S | undefined;
  #engine: ExecutionEngine | undefined;
  extensions: unknown[] = [];
  #crawling = false;

  constructor(
    readonly spiderClass: SpiderClass<S>,
    settings?: Settings | SettingsInput,
    private readonly options: CrawlerOptions = {},
  ) {
    this.settings = settings instanceof Settings ? settings.copy() : new Settings(settings);
    this.components = new ComponentRegistry(BUILTIN_COMPONENTS, options);
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
    try {
      return await this.#crawl(args);
    } finally {
      this.logger.close();
    }
  }

  async #crawl(args: SpiderArgs): Promise<string> {
    const spider = new this.spiderClass();
    checkSpiderNames(spider);
    spider.applyArguments(args);
    spider.bindCrawler(this);
    this.#spider = spider;
    this.settings.update(spider.customSettings ?? {}, 'spider', `${spider.constructor.name}.customSettings`);
    const plan = await resolveComponents(this.settings, this.components);
    this.settings.freeze();
    this.logger.close();
    this.logger = this.#createLogger();

    this.logger.info(`Arachne started (bot: ${this.settings.get('BOT_NAME')})`);
    const formatter = this.#build<LogFormatter>(plan.logFormatter) ?? { name: 'LogFormatter', instance: new LogFormatter() };
    this.extensions = this.#buildAll(plan.maps.EXTENSIONS).map(({ instance }) => instance);
    const downloaderMws = this.#buildAll<DownloaderMiddleware>(plan.maps.DOWNLOADER_MIDDLEWARES);
    const spiderMws = this.#buildAll<SpiderMiddleware>(plan.maps.SPIDER_MIDDLEWARES);
    const pipelines = this.#buildAll<ItemPipeline>(plan.maps.ITEM_PIPELINES);
    this.#logEnabled('downloader middlewares', downloaderMws);
    this.#logEnabled('spider middlewares', spiderMws);
    this.#logEnabled('item pipelines', pipelines);

    const storage = this.options.schedulerStorage ? await this.options.schedulerStorage(this) : undefined;
    const scheduler = new Scheduler(this, storage);
    const instances = <T>(components: Array<NamedComponent<T>>) => components.map(({ instance }) => instance);
    const downloader = new Downloader(this, spider, new DownloaderMiddlewareManager(instances(downloaderMws)), this.#buildHandlers(plan.handlers));
    const spiderMiddleware = new SpiderMiddlewareManager(instances(spiderMws));
    const scraper = new Scraper(this, spider, spiderMiddleware, new ItemPipelineManager(instances(pipelines)), formatter.instance, (request) => this.engine.crawl(request));
    this.#engine = new ExecutionEngine(this, spider, scheduler, downloader, scraper, {
      downloaderMiddlewares: downloaderMws,
      spiderMiddlewares: spiderMws,
      pipelines,
      logFormatter: formatter.instance,
    });

    const start = spiderMiddleware.processStart(iterateOutput(spider.start()), spider);
    return this.#engine.run(start);
  }

  /** Fetch a request from inside a callback: `const page = await this.crawler.download(request)`. */
  download(request: Request): Promise<Response> {
    return this.engine.download(request);
  }

  /** Close the spider gracefully (in-flight requests finish). */
  async stop(reason = 'shutdown'): Promise<void> {
    if (this.#engine?.running) await this.#engine.closeSpider(reason);
  }

  #build<T>(resolved: ResolvedComponent): NamedComponent<T> | undefined {
    return buildComponent(resolved.cls as ComponentClass<T>, resolved.name, this);
  }

  #buildAll<T>(resolved: ResolvedComponent[]): Array<NamedComponent<T>> {
    return resolved.map((component) => this.#build<T>(component)).filter((built) => built !== undefined);
  }

  /** One handler instance serves every scheme mapped to the same class. */
  #buildHandlers(resolved: Map<string, ResolvedComponent>): Map<string, NamedComponent<DownloadHandler>> {
    const byClass = new Map<ComponentClass, NamedComponent<DownloadHandler> | undefined>();
    const handlers = new Map<string, NamedComponent<DownloadHandler>>();
    for (const [scheme, component] of resolved) {
      if (!byClass.has(component.cls)) byClass.set(component.cls, this.#build<DownloadHandler>(component));
      const handler = byClass.get(component.cls);
      if (handler) handlers.set(scheme, handler);
    }
    return handlers;
  }

  #createLogger(): Logger {
    return Logger.create({
      level: this.settings.get('LOG_LEVEL'),
      enabled: this.settings.get('LOG_ENABLED'),
      file: this.settings.get('LOG_FILE'),
      count: (level) => this.stats.incValue(`log_count/${level}`),
    });
  }

  #logEnabled(kind: string, components: NamedComponent[]): void {
    const names = components.map((component) => component.name);
    this.logger.info(`Enabled ${kind}: ${names.length ? names.join(', ') : 'none'}`);
  }
}
