/**
 * The execution engine: pulls requests from the scheduler while the
 * downloader has free slots and the scraper's backlog is under its byte
 * limit, hands responses to the scraper, and closes the spider when nothing
 * is left to do (no start requests, nothing queued, in flight or being parsed,
 * and no `spiderIdle` listener keeps it open).
 */
import { Request } from '../http/request.js';
import type { Response } from '../http/response.js';
import type { CrawlerContext, EngineControl } from '../component/context.js';
import type { NamedComponent } from '../component/build.js';
import { closeComponents, openComponents } from '../component/lifecycle.js';
import type { Spider } from '../spiders/spider.js';
import type { Logger } from './logger.js';
import type { LogFormatter } from './logFormatter.js';
import type { Scheduler } from '../scheduler/scheduler.js';
import type { Downloader } from '../downloader/downloader.js';
import type { Scraper } from './scraper.js';
import { DontCloseSpider } from '../errors.js';
import { isThenable } from './signals.js';
import { toError } from '../downloader/middlewareManager.js';
import type { Output } from '../spidermw/middlewareManager.js';

/** Periodic wake-up, so a spider kept open by `spiderIdle` is asked again (Scrapy: 5 s). */
const HEARTBEAT_MS = 5000;

/** Components with `openSpider` / `closeSpider` hooks, in the order they run. */
export interface EngineComponents {
  downloaderMiddlewares: ReadonlyArray<NamedComponent>;
  spiderMiddlewares: ReadonlyArray<NamedComponent>;
  pipelines: ReadonlyArray<NamedComponent>;
  logFormatter: LogFormatter;
}

export class ExecutionEngine implements EngineControl {
  readonly #crawler: CrawlerContext;
  readonly #spider: Spider;
  readonly #components: EngineComponents;
  readonly #logger: Logger;
  readonly #scheduler: Scheduler;
  readonly #downloader: Downloader;
  readonly #scraper: Scraper;
  #start: AsyncIterator<unknown> | Iterator<unknown> | null = null;
  #startBusy = false;
  /** Requests pulled from the scheduler and not yet handed to the scraper. */
  #inProgress = 0;
  #running = false;
  #pauses = 0;
  #closing: Promise<void> | null = null;
  #closed!: Promise<string>;
  #resolveClosed!: (reason: string) => void;
  #tickScheduled = false;
  #idleCheck = false;
  #heartbeat: NodeJS.Timeout | null = null;
  #drainWaiters: Array<() => void> = [];

  constructor(crawler: CrawlerContext, spider: Spider, scheduler: Scheduler, downloader: Downloader, scraper: Scraper, components: EngineComponents) {
    this.#crawler = crawler;
    this.#spider = spider;
    this.#components = components;
    this.#logger = crawler.logger.child('core.engine');
    this.#scheduler = scheduler;
    this.#downloader = downloader;
    this.#scraper = scraper;
    this.#closed = new Promise((resolve) => (this.#resolveClosed = resolve));
  }

  get scheduler(): Scheduler {
    return this.#scheduler;
  }
  get downloader(): Downloader {
    return this.#downloader;
  }
  get scraper(): Scraper {
    return this.#scraper;
  }
  get running(): boolean {
    return this.#running;
  }

  /** Open the spider and crawl; resolves with the close reason once the spider has closed. */
  async run(start: Output): Promise<string> {
    const { signals } = this.#crawler;
    const spider = this.#spider;
    const { downloaderMiddlewares, spiderMiddlewares, pipelines } = this.#components;
    this.#running = true;
    signals.send('engineStarted', {});
    for (const components of [downloaderMiddlewares, spiderMiddlewares, pipelines]) await openComponents(components, spider);
    this.#logger.info(`Spider opened: ${spider.name}`);
    await signals.sendAsync('spiderOpened', { spider });
    // A spiderOpened listener may already have closed the spider (e.g. a memory limit).
    if (this.#closing === null) {
      this.#start = Symbol.asyncIterator in start ? start[Symbol.asyncIterator]() : start[Symbol.iterator]();
      this.#heartbeat = setInterval(() => this.#tick(), HEARTBEAT_MS);
      this.#tick();
    }
    return this.#closed;
  }

  /** Stop pulling requests. Pauses nest: each `pause()` needs its own `unpause()` (a feed waiting for 'drain' and a user pause do not undo each other). */
  pause(): void {
    this.#pauses++;
  }
  unpause(): void {
    if (this.#pauses > 0 && --this.#pauses === 0) this.#tick();
  }

  /** Schedule a request found by the spider (or by an extension). */
  crawl(request: Request): void {
    const queued = this.#scheduler.enqueueRequest(request);
    if (isThenable(queued)) (queued as Promise<boolean>).then(() => this.#tick(), (error) => this.#logger.error(`cannot schedule ${request}`, error));
    else this.#tick();
  }

  /**
   * Download a request outside the scheduler, through the downloader
   * middlewares, following middleware-issued requests (e.g. redirects):
   * `await this.crawler.download(request)` inside a callback.
   */
  async download(request: Request): Promise<Response> {
    let current = request;
    for (;;) {
      const result = await this.#downloader.fetch(current);
      if (!(result instanceof Request)) {
        this.#crawler.signals.send('responseReceived', { response: result, request: current, spider: this.#spider });
        return result;
      }
      current = result;
    }
  }

  /** Coalesce wake-ups: many completions in one event-loop turn cause one scheduling pass. */
  #tick(): void {
    if (this.#tickScheduled || !this.#running) return;
    this.#tickScheduled = true;
    setImmediate(() => {
      this.#tickScheduled = false;
      this.#processQueue();
    });
  }

  #needsBackout(): boolean {
    return this.#pauses > 0 || this.#closing !== null || this.#downloader.needsBackout() || this.#scraper.needsBackout();
  }

  #processQueue(): void {
    while (!this.#needsBackout()) {
      const next = this.#scheduler.nextRequest();
      if (isThenable(next)) {
        this.#inProgress++;
        (next as Promise<Request | null>).then(
          (request) => {
            if (request) this.#downloadAndScrape(request);
            this.#finishOne();
          },
          (error) => {
            this.#logger.error('the scheduler failed to give the next request', error);
            this.#finishOne();
          },
        );
        return;
      }
      if (next === null) break;
      this.#downloadAndScrape(next as Request);
    }
    if (!this.#needsBackout() && this.#scheduler.size < this.#startBacklogTarget()) this.#pullStart();
    this.#checkIdle();
  }

  /** Keep a few start requests queued, rather than consuming a huge start list up front. */
  #startBacklogTarget(): number {
    return Math.max(this.#crawler.settings.get('CONCURRENT_REQUESTS') * 2, 32);
  }

  #pullStart(): void {
    if (!this.#start || this.#startBusy) return;
    this.#startBusy = true;
    const iterator = this.#start;
    void (async () => {
      try {
        while (this.#closing === null && this.#scheduler.size < this.#startBacklogTarget()) {
          const { value, done } = await iterator.next();
          if (done) {
            this.#start = null;
            break;
          }
          if (value instanceof Request) {
            const queued = this.#scheduler.enqueueRequest(value);
            if (isThenable(queued)) await queued;
          } else {
            await this.#scraper.handleStartItem(value);
          }
        }
      } catch (error) {
        this.#start = null;
        this.#logger.error('Error while obtaining start requests', toError(error));
      } finally {
        this.#startBusy = false;
        this.#tick();
      }
    })();
  }

  #downloadAndScrape(request: Request): void {
    this.#inProgress++;
    const { signals } = this.#crawler;
    const spider = this.#spider;
    this.#downloader.fetch(request).then(
      (result) => {
        this.#tick(); // a download slot is free: pull the next request without waiting for this response's callback
        if (result instanceof Request) {
          this.crawl(result);
          return;
        }
        signals.send('responseReceived', { response: result, request, spider });
        this.#logger.logEntry(this.#components.logFormatter.crawled(request, result, spider));
        return this.#scraper.enqueue(result.request, result);
      },
      (error) => {
        this.#tick();
        return this.#scraper.enqueue(request, toError(error));
      },
    ).catch((error) => this.#logger.error(`unexpected error handling ${request}`, error))
      .finally(() => this.#finishOne());
  }

  #isIdle(): boolean {
    return this.#start === null && !this.#startBusy && this.#inProgress === 0 && !this.#scheduler.hasPendingRequests()
      && this.#downloader.active.size === 0 && this.#scraper.isIdle;
  }

  /** When idle, ask `spiderIdle` listeners; close unless one raised DontCloseSpider or scheduled more work. */
  #checkIdle(): void {
    if (this.#idleCheck || this.#closing || !this.#isIdle()) return;
    this.#idleCheck = true;
    const { signals } = this.#crawler;
    const spider = this.#spider;
    signals.sendAsync('spiderIdle', { spider }, (error) => error instanceof DontCloseSpider).then((raised) => {
      this.#idleCheck = false;
      if (raised.length === 0 && this.#isIdle()) void this.closeSpider('finished');
      else this.#tick();
    });
  }

  /**
   * Close the spider, in Scrapy's order: stop taking new requests; let the
   * ones in flight finish and be parsed; close the downloader (its middlewares
   * and handlers), then the spider middlewares and the item pipelines (each
   * `closeSpider` awaited, in order); close the scheduler; send `spiderClosed`
   * (listeners one at a time, feed exporters among them); call the spider's
   * `closed()`; dump the stats.
   */
  closeSpider(reason: string): Promise<void> {
    this.#closing ??= this.#close(reason);
    return this.#closing;
  }

  async #close(reason: string): Promise<void> {
    const { signals, stats, settings } = this.#crawler;
    const spider = this.#spider;
    const logger = this.#logger;
    const { downloaderMiddlewares, spiderMiddlewares, pipelines } = this.#components;
    logger.info(`Closing spider (${reason})`);
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    await this.#waitForInProgress();
    await this.#downloader.close();
    await closeComponents(downloaderMiddlewares, spider, logger);
    await closeComponents(spiderMiddlewares, spider, logger);
    await closeComponents(pipelines, spider, logger);
    await this.#scheduler.close();
    await this.#start?.return?.(undefined);
    stats.setValue('finish_reason', reason);
    await signals.sendInTurn('spiderClosed', { spider, reason });
    try {
      await spider.closed?.(reason);
    } catch (error) {
      logger.error(`error in ${spider.constructor.name}.closed()`, error);
    }
    if (settings.get('STATS_DUMP')) logger.info(`Dumping Arachne stats:\n${JSON.stringify(stats.getStats(), null, 2)}`);
    logger.info(`Spider closed (${reason})`);
    this.#running = false;
    await signals.sendAsync('engineStopped', {});
    this.#resolveClosed(reason);
  }

  async #waitForInProgress(): Promise<void> {
    while (this.#inProgress > 0 || !this.#scraper.isIdle) {
      if (this.#inProgress > 0) await new Promise<void>((resolve) => this.#drainWaiters.push(resolve));
      await this.#scraper.drain();
    }
  }

  #finishOne(): void {
    if (--this.#inProgress === 0 && this.#drainWaiters.length > 0) {
      for (const resolve of this.#drainWaiters.splice(0)) resolve();
    }
    this.#tick();
  }
}
