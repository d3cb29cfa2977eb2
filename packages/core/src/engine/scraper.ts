/**
 * The scraper: feeds downloaded responses (or download failures) to the
 * spider's callbacks (or errbacks) through the spider middlewares, sends
 * yielded requests back to the engine and items through the pipelines. It
 * tracks the bytes of responses being processed so the engine can apply
 * backpressure (`SCRAPER_SLOT_MAX_ACTIVE_SIZE`).
 */
import { Request, type Callback, type Errback, type Failure } from '../http/request.js';
import type { Response } from '../http/response.js';
import type { CrawlerContext } from '../component/context.js';
import type { Spider } from '../spiders/spider.js';
import { iterateOutput } from '../spiders/output.js';
import { noSuchMethod } from '../spiders/scrapyNames.js';
import type { Logger } from './logger.js';
import type { LogFormatter } from './logFormatter.js';
import { failedOutput, type SpiderMiddlewareManager, type Output } from '../spidermw/middlewareManager.js';
import type { ItemPipelineManager } from '../pipelines/pipelineManager.js';
import { CloseSpider, DropItem, IgnoreRequest, errorTypeName } from '../errors.js';
import { isThenable } from './signals.js';
import { toError } from '../downloader/middlewareManager.js';

/** Responses smaller than this still count this much, so many tiny responses also back off (as Scrapy). */
const MIN_RESPONSE_SIZE = 1024;

type SpiderMethod = (...args: any[]) => unknown;

export class Scraper {
  activeSize = 0;
  readonly #active = new Set<Promise<void>>();
  readonly #crawler: CrawlerContext;
  readonly #spider: Spider;
  readonly #formatter: LogFormatter;
  readonly #logger: Logger;
  readonly #maxActiveSize: number;
  readonly #concurrentItems: number;

  constructor(
    crawler: CrawlerContext,
    spider: Spider,
    readonly spiderMiddleware: SpiderMiddlewareManager,
    readonly pipelines: ItemPipelineManager,
    formatter: LogFormatter,
    private readonly schedule: (request: Request) => void,
  ) {
    this.#crawler = crawler;
    this.#spider = spider;
    this.#formatter = formatter;
    this.#logger = crawler.logger.child('core.scraper');
    this.#maxActiveSize = crawler.settings.get('SCRAPER_SLOT_MAX_ACTIVE_SIZE');
    this.#concurrentItems = Math.max(1, crawler.settings.get('CONCURRENT_ITEMS'));
  }

  get isIdle(): boolean {
    return this.#active.size === 0;
  }

  needsBackout(): boolean {
    return this.activeSize > this.#maxActiveSize;
  }

  /** Wait for everything in progress to finish. */
  async drain(): Promise<void> {
    while (this.#active.size > 0) await Promise.all(this.#active);
  }

  /** Process a download outcome; the returned promise settles when its output is fully handled. */
  enqueue(request: Request, outcome: Response | Error): Promise<void> {
    const size = outcome instanceof Error ? MIN_RESPONSE_SIZE : Math.max(outcome.body.length, MIN_RESPONSE_SIZE);
    this.activeSize += size;
    const task = this.#scrape(request, outcome).finally(() => {
      this.activeSize -= size;
      this.#active.delete(task);
    });
    this.#active.add(task);
    return task;
  }

  /** An item yielded by `spider.start()`: straight to the pipelines. */
  handleStartItem(item: unknown): Promise<void> | undefined {
    return this.#handleItem(item, null);
  }

  async #scrape(request: Request, outcome: Response | Error): Promise<void> {
    const spider = this.#spider;
    if (outcome instanceof Error) return this.#handleFailure(request, outcome);
    const response = outcome;
    response.onInvalidLink = this.#reportInvalidLink;
    let output: Output;
    try {
      await this.spiderMiddleware.processInput(response, spider);
    } catch (error) {
      // An input hook refused the response (e.g. an HTTP error status): the errback handles it, if any, else the exception chain.
      return this.#runOutput(this.spiderMiddleware.processOutput(response, this.#inputRejected(request, response, toError(error)), spider), response, request);
    }
    try {
      output = this.#callSpider(this.#resolveCallback(request.callback, 'parse'), response, request.cbKwargs);
    } catch (error) {
      output = failedOutput(error);
    }
    await this.#runOutput(this.spiderMiddleware.processOutput(response, output, spider), response, request);
  }

  /** Invalid link URLs already warned about: a bad link in a site template would otherwise warn on every page. */
  readonly #invalidLinksSeen = new Set<string>();

  readonly #reportInvalidLink = (url: string, error: Error): void => {
    this.#crawler.stats.incValue('spider/invalid_link_count');
    const first = !this.#invalidLinksSeen.has(url);
    if (first && this.#invalidLinksSeen.size < 10_000) this.#invalidLinksSeen.add(url);
    this.#logger.log(first ? 'WARNING' : 'DEBUG', `Skipped a link with an invalid URL ${JSON.stringify(url)}`, error);
  };

  /**
   * A download failed. A request dropped on purpose (IgnoreRequest: offsite,
   * robots.txt, ...) is counted by `requestDropped` in every case; then the
   * errback, if any, handles the failure, else it is logged once.
   */
  async #handleFailure(request: Request, error: Error): Promise<void> {
    const { stats, signals } = this.#crawler;
    const spider = this.#spider;
    const ignored = error instanceof IgnoreRequest;
    if (ignored) signals.send('requestDropped', { request, spider, reason: error.reason });
    if (request.errback) {
      let output: Output;
      try {
        output = this.#callErrback(request, { error, request });
      } catch (errbackError) {
        this.#logSpiderError(toError(errbackError), null, request);
        return;
      }
      await this.#runOutput(output, null, request);
      return;
    }
    if (ignored) {
      this.#logger.debug(`Dropped request ${request} (${error.reason}): ${error.message}`);
      return;
    }
    stats.incValue('downloader/failure_count'); // final failures only (retries are counted by the retry middleware)
    stats.incValue(`downloader/failure_type_count/${errorTypeName(error)}`);
    this.#logger.logEntry(this.#formatter.downloadError(error, request, spider));
  }

  #inputRejected(request: Request, response: Response, error: Error): Output {
    if (!request.errback) return failedOutput(error);
    try {
      return this.#callErrback(request, { error, request, response });
    } catch (errbackError) {
      return failedOutput(errbackError);
    }
  }

  #callErrback(request: Request, failure: Failure): Output {
    const errback = this.#resolveCallback(request.errback, null) as Errback;
    return this.#callSpider(errback, failure, undefined);
  }

  #resolveCallback(callback: Callback | Errback | string | null, fallback: string | null): SpiderMethod {
    const spider = this.#spider as unknown as Record<string, unknown>;
    const name = callback ?? fallback;
    if (typeof name === 'function') return name;
    const method = name === null ? undefined : spider[name];
    if (typeof method !== 'function') throw noSuchMethod(this.#spider, String(name), 'a callback');
    return method as SpiderMethod;
  }

  /** Call a spider method and normalize whatever it returns into an async iterable. */
  #callSpider(fn: SpiderMethod, arg: unknown, kwargs: Record<string, any> | undefined): Output {
    return iterateOutput(fn.call(this.#spider, arg, kwargs));
  }

  /** Drain an output stream: requests to the engine, items to the pipelines, errors to the exception chain (unhandled ones are logged once). */
  async #runOutput(output: Output, response: Response | null, request: Request): Promise<void> {
    const pending = new Set<Promise<void>>();
    const handle = (value: unknown): Promise<void> | undefined => {
      if (value instanceof Request) {
        this.schedule(value);
        return undefined;
      }
      if (value === null || value === undefined) return undefined;
      const handled = this.#handleItem(value, response);
      if (!handled) return undefined;
      pending.add(handled);
      void handled.finally(() => pending.delete(handled));
      return pending.size >= this.#concurrentItems ? Promise.race(pending) : undefined;
    };
    try {
      if (Symbol.asyncIterator in output) {
        for await (const value of output) {
          const full = handle(value);
          if (full) await full; // no extra microtask per value when the item pipelines have room
        }
      } else {
        // A sync callback with sync middlewares: no microtask per value.
        for (const value of output) {
          const full = handle(value);
          if (full) await full;
        }
      }
    } catch (error) {
      const failure = toError(error);
      if (failure instanceof CloseSpider) {
        void this.#crawler.engine.closeSpider(failure.reason);
      } else if (response) {
        const recovered = await this.spiderMiddleware.processException(response, failure, this.#spider);
        if (recovered) await this.#runOutput(recovered, response, request);
        else this.#logSpiderError(failure, response, request);
      } else {
        this.#logSpiderError(failure, null, request);
      }
    }
    if (pending.size > 0) await Promise.all(pending);
  }

  /** Run an item through the pipelines; returns a promise only when a pipeline is async. */
  #handleItem(item: unknown, response: Response | null): Promise<void> | undefined {
    const spider = this.#spider;
    if (typeof item !== 'object') {
      this.#logger.error(`Spider must return a Request or an item object, got ${typeof item} ${JSON.stringify(item)} in ${response ?? 'start'}`);
      this.#crawler.stats.incValue('spider_exceptions/TypeError');
      return undefined;
    }
    const done = (output: unknown) => this.#itemScraped(output, response);
    const failed = (error: unknown) => this.#itemFailed(item, response, error);
    try {
      const result = this.pipelines.processItem(item, spider);
      if (!isThenable(result)) {
        done(result);
        return undefined;
      }
      return (result as Promise<unknown>).then(done, failed);
    } catch (error) {
      failed(error);
      return undefined;
    }
  }

  #itemScraped(item: unknown, response: Response | null): void {
    const spider = this.#spider;
    this.#logger.logEntry(this.#formatter.scraped(item, response, spider));
    this.#crawler.signals.send('itemScraped', { item, response, spider });
  }

  #itemFailed(item: unknown, response: Response | null, error: unknown): void {
    const { signals } = this.#crawler;
    const spider = this.#spider;
    if (error instanceof DropItem) {
      this.#logger.logEntry(this.#formatter.dropped(item, error, response, spider));
      signals.send('itemDropped', { item, response, exception: error, spider });
      return;
    }
    this.#logger.logEntry(this.#formatter.itemError(item, error, response, spider));
    signals.send('itemError', { item, response, failure: error, spider });
  }

  #logSpiderError(error: Error, response: Response | null, request: Request): void {
    const { stats, signals } = this.#crawler;
    const spider = this.#spider;
    if (error instanceof CloseSpider) {
      void this.#crawler.engine.closeSpider(error.reason);
      return;
    }
    stats.incValue(`spider_exceptions/${error.name}`);
    stats.incValue('spider_exceptions/count');
    this.#logger.logEntry(this.#formatter.spiderError(error, request, response, spider));
    if (response) signals.send('spiderError', { failure: error, response, spider });
  }
}
