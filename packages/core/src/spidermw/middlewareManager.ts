/**
 * Runs spider middlewares around callbacks, with Scrapy's order:
 * `processSpiderInput` in increasing order (closest to the engine first),
 * `processSpiderOutput`, `processSpiderException` and `processStart` in
 * decreasing order (closest to the spider first).
 */
import type { Response } from '../http/response.js';
import type { Spider } from '../spiders/spider.js';
import type { MaybePromise } from '../scheduler/queue.js';

/** What flows from a callback to the engine: sync when the callback and every middleware are sync. */
export type Output = AsyncIterable<unknown> | Iterable<unknown>;

export interface SpiderMiddleware {
  /** Inspect a response before its callback; throw to send it to the errback / exception chain. */
  processSpiderInput?(response: Response, spider: Spider): MaybePromise<void>;
  /** Transform what a callback yields (requests and items). `result` may be sync or async: iterate it with `for await`. */
  processSpiderOutput?(response: Response, result: Output, spider: Spider): AsyncIterable<unknown> | Iterable<unknown>;
  /**
   * Per-value form of `processSpiderOutput` (Arachne's addition): return the
   * value, a replacement, or null to drop it. Cheaper than an iteration layer —
   * runs of these hooks are fused into one loop, and a sync callback's output
   * stays sync. Used when a middleware has no `processSpiderOutput`.
   */
  processOutputValue?(response: Response, value: unknown, spider: Spider): unknown;
  /** Handle an error from a callback or an input hook: return output to recover, null to pass it on. */
  processSpiderException?(response: Response, error: Error, spider: Spider): MaybePromise<AsyncIterable<unknown> | Iterable<unknown> | null | undefined | void>;
  /** Transform the spider's start requests and items. */
  processStart?(start: Output, spider: Spider): AsyncIterable<unknown> | Iterable<unknown>;
  openSpider?(spider: Spider): MaybePromise<void>;
  closeSpider?(spider: Spider): MaybePromise<void>;
}

type OutputLayer =
  | { kind: 'iterable'; middleware: SpiderMiddleware }
  | { kind: 'values'; middlewares: SpiderMiddleware[] };

export class SpiderMiddlewareManager {
  readonly #input: SpiderMiddleware[];
  readonly #output: OutputLayer[];
  readonly #exception: SpiderMiddleware[];
  readonly #start: SpiderMiddleware[];

  constructor(readonly middlewares: SpiderMiddleware[]) {
    this.#input = middlewares.filter((mw) => mw.processSpiderInput);
    this.#output = outputLayers([...middlewares].reverse());
    this.#exception = middlewares.filter((mw) => mw.processSpiderException).reverse();
    this.#start = middlewares.filter((mw) => mw.processStart).reverse();
  }

  async processInput(response: Response, spider: Spider): Promise<void> {
    for (const mw of this.#input) await mw.processSpiderInput!(response, spider);
  }

  processOutput(response: Response, result: Output, spider: Spider): Output {
    let current = result;
    for (const layer of this.#output) {
      current = layer.kind === 'iterable'
        ? layer.middleware.processSpiderOutput!(response, current, spider)
        : mapValues(current, response, spider, layer.middlewares);
    }
    return current;
  }

  /** The recovered output of the first middleware that handles `error`, or null. */
  async processException(response: Response, error: Error, spider: Spider): Promise<Output | null> {
    for (const mw of this.#exception) {
      const result = await mw.processSpiderException!(response, error, spider);
      if (result != null) return result;
    }
    return null;
  }

  processStart(start: Output, spider: Spider): Output {
    let current = start;
    for (const mw of this.#start) current = mw.processStart!(current, spider);
    return current;
  }
}

/** Group the output hooks (spider side first), fusing consecutive per-value hooks into one layer. */
function outputLayers(middlewares: SpiderMiddleware[]): OutputLayer[] {
  const layers: OutputLayer[] = [];
  for (const middleware of middlewares) {
    if (middleware.processSpiderOutput) {
      layers.push({ kind: 'iterable', middleware });
    } else if (middleware.processOutputValue) {
      const last = layers.at(-1);
      if (last?.kind === 'values') last.middlewares.push(middleware);
      else layers.push({ kind: 'values', middlewares: [middleware] });
    }
  }
  return layers;
}

function mapValues(source: Output, response: Response, spider: Spider, middlewares: SpiderMiddleware[]): Output {
  const apply = (value: unknown): unknown => {
    let current = value;
    for (const mw of middlewares) {
      current = mw.processOutputValue!(response, current, spider);
      if (current === null || current === undefined) return null;
    }
    return current;
  };
  if (Symbol.asyncIterator in source) {
    return (async function* mapAsync() {
      for await (const value of source) {
        const mapped = apply(value);
        if (mapped !== null) yield mapped;
      }
    })();
  }
  return (function* mapSync() {
    for (const value of source) {
      const mapped = apply(value);
      if (mapped !== null) yield mapped;
    }
  })();
}
