/**
 * The crawler as components see it: what an extension, middleware, pipeline,
 * download handler or spider may use of the crawl. `Crawler` implements it;
 * components import this module, never the engine, so imports run one way
 * (utils, http, settings → components → engine).
 */
import type { Request } from '../http/request.js';
import type { Response } from '../http/response.js';
import type { Settings } from '../settings/settings.js';
import type { SettingDeclarations } from '../settings/declaration.js';
import type { SignalManager } from '../engine/signals.js';
import type { StatsCollector } from '../engine/stats.js';
import type { Logger } from '../engine/logger.js';
import type { Slot } from '../downloader/slot.js';
import type { SpiderAttributes } from '../spiders/spiderAttributes.js';

/** The downloader's per-domain slots (AutoThrottle and robots.txt `Crawl-delay` adjust them). */
export interface DownloaderSlots {
  /** The slot key of a request: `meta.download_slot`, else its host. */
  slotKeyFor(request: Request): string;
  /** The request's slot, created if it has none yet. */
  slotFor(request: Request): Slot;
  readonly slots: ReadonlyMap<string, Slot>;
}

/** What components may ask of the running engine. */
export interface EngineControl {
  /** Schedule a request, as if a callback had yielded it. */
  crawl(request: Request): void;
  /** Download a request now, outside the scheduler, through the downloader middlewares. */
  download(request: Request): Promise<Response>;
  /** Close the spider gracefully with `reason` (in-flight requests finish). */
  closeSpider(reason: string): Promise<void>;
  /** Stop pulling requests until as many `unpause()` calls (pauses nest). */
  pause(): void;
  unpause(): void;
  readonly downloader: DownloaderSlots;
}

export interface CrawlerContext {
  readonly settings: Settings;
  readonly signals: SignalManager;
  readonly stats: StatsCollector;
  readonly logger: Logger;
  readonly spider: SpiderAttributes;
  /** Available once the crawl has started (components are built before it starts: read it in a hook or signal, not in a constructor). */
  readonly engine: EngineControl;
  /** Fetch a request from inside a callback: `const page = await this.crawler.download(request)`. */
  download(request: Request): Promise<Response>;
}

/**
 * A component class: built once per crawler from the crawler, as Scrapy's
 * `from_crawler`. It may throw `NotConfigured` to opt out, and may declare
 * settings of its own (validated and suggested like built-in ones).
 */
export interface ComponentClass<T = unknown> {
  new (crawler: CrawlerContext): T;
  /** Optional factory, as Scrapy's `from_crawler`; preferred over the constructor. */
  fromCrawler?(crawler: CrawlerContext): T;
  /** Settings this component reads beyond the built-in ones (`defineSettings({...})`). */
  readonly settings?: SettingDeclarations;
}
