/**
 * Runs spider middlewares around callbacks, with Scrapy's order:
 * `processSpiderInput` in increasing order (closest to the engine first),
 * `processSpiderOutput`, `processSpiderException` and `processStart` in
 * decreasing order (closest to the spider first).
 */
import type { Response } from '../http/response.js';
import type { Spider } from '../spiders/spider.js';
import type { MaybePromise } from '../scheduler/queue.js';

export type Output = AsyncIterable<unknown>;

export interface SpiderMiddleware {
  /** Inspect a response before its callback; throw to send it to the errback / exception chain. */
  processSpiderInput?(response: Response, spider: Spider): MaybePromise<void>;
  /** Transform what a callback yields (requests and items). */
  processSpiderOutput?(response: Response, result: Output, spider: Spider): AsyncIterable<unknown> | Iterable<unknown>;
  /** Handle an error from a callback or an input hook: return output to recover, null to pass it on. */
  processSpiderException?(response: Response, error: Error, spider: Spider): MaybePromise<AsyncIterable<unknown> | Iterable<unknown> | null | undefined | void>;
  /** Transform the spider's start requests and items. */
  processStart?(start: Output, spider: Spider): AsyncIterable<unknown> | Iterable<unknown>;
  openSpider?(spider: Spider): MaybePromise<void>;
  closeSpider?(spider: Spider): MaybePromise<void>;
}

export class SpiderMiddlewareManager {
  readonly #input: SpiderMiddleware[];
  readonly #output: SpiderMiddleware[];
  readonly #exception: SpiderMiddleware[];
  readonly #start: SpiderMiddleware[];

  constructor(readonly middlewares: SpiderMiddleware[]) {
    this.#input = middlewares.filter((mw) => mw.processSpiderInput);
    this.#output = middlewares.filter((mw) => mw.processSpiderOutput).reverse();
    this.#exception = middlewares.filter((mw) => mw.processSpiderException).reverse();
    this.#start = middlewares.filter((mw) => mw.processStart).reverse();
  }

  async processInput(response: Response, spider: Spider): Promise<void> {
    for (const mw of this.#input) await mw.processSpiderInput!(response, spider);
  }

  processOutput(response: Response, result: Output, spider: Spider): Output {
    let current = result;
    for (const mw of this.#output) current = toAsync(mw.processSpiderOutput!(response, current, spider));
    return current;
  }

  /** The recovered output of the first middleware that handles `error`, or null. */
  async processException(response: Response, error: Error, spider: Spider): Promise<Output | null> {
    for (const mw of this.#exception) {
      const result = await mw.processSpiderException!(response, error, spider);
      if (result != null) return toAsync(result);
    }
    return null;
  }

  processStart(start: Output, spider: Spider): Output {
    let current = start;
    for (const mw of this.#start) current = toAsync(mw.processStart!(current, spider));
    return current;
  }
}

export async function* toAsync(values: AsyncIterable<unknown> | Iterable<unknown>): Output {
  yield* values;
}
