/**
 * Runs spider middlewares around callbacks, with Scrapy's order:
 * `processSpiderInput` in increasing order (closest to the engine first),
 * `processSpiderOutput`, `processSpiderException` and `processStart` in
 * decreasing order (closest to the spider first).
 */
import type { Response } from '../http/response.js';
import type { Spider } from '../spiders/spider.js';
import type { MaybePromise } from '../scheduler/queue.js';
import { toError } from '../downloader/middlewareManager.js';
import { AsyncWrappedOutput, WrappedOutput } from './outputWrappers.js';

import type { Output } from '../spiders/output.js';

export type { Output };

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
  | { kind: 'iterable'; middleware: SpiderMiddleware; position: number }
  | { kind: 'values'; hooks: PositionedHook[] };
/** A middleware and its position in spider-side-first order (0 = closest to the spider). */
interface PositionedHook {
  middleware: SpiderMiddleware;
  position: number;
}
type Tag = (error: unknown, position: number) => Error;

/**
 * Exceptions follow Scrapy: an error raised while iterating the output of the
 * layer at position p (or by the callback, p = -1) goes to the
 * `processSpiderException` hooks from position p + 1 on; the first that returns
 * output recovers, and that output continues through the output hooks after it.
 */
export class SpiderMiddlewareManager {
  readonly #input: SpiderMiddleware[];
  /** Spider side first: the order of output, exception and start hooks. */
  readonly #ordered: SpiderMiddleware[];
  readonly #output: OutputLayer[];
  readonly #exception: PositionedHook[];
  readonly #lastExceptionPosition: number;
  readonly #start: SpiderMiddleware[];
  /** The first position whose exception hooks may handle an error raised in an output stream. */
  readonly #origins = new WeakMap<Error, number>();
  readonly #tag: Tag = (error, position) => {
    const failure = toError(error);
    if (!this.#origins.has(failure)) this.#origins.set(failure, position);
    return failure;
  };

  constructor(readonly middlewares: SpiderMiddleware[]) {
    this.#input = middlewares.filter((mw) => mw.processSpiderInput);
    this.#ordered = [...middlewares].reverse();
    this.#output = outputLayers(this.#ordered, 0);
    this.#exception = this.#ordered.flatMap((middleware, position) => (middleware.processSpiderException ? [{ middleware, position }] : []));
    this.#lastExceptionPosition = this.#exception.at(-1)?.position ?? -1;
    this.#start = this.#ordered.filter((mw) => mw.processStart);
  }

  async processInput(response: Response, spider: Spider): Promise<void> {
    for (const mw of this.#input) await mw.processSpiderInput!(response, spider);
  }

  /** Pass a callback's output through the output hooks from position `from` on (0: all of them). */
  processOutput(response: Response, result: Output, spider: Spider, from = 0): Output {
    const layers = from === 0 ? this.#output : outputLayers(this.#ordered.slice(from), from);
    let current = this.#guard(result, from);
    for (const layer of layers) {
      if (layer.kind === 'values') {
        current = mapValues(current, response, spider, layer.hooks, this.#tag);
        continue;
      }
      try {
        current = layer.middleware.processSpiderOutput!(response, current, spider);
      } catch (error) {
        current = failedOutput(this.#tag(error, layer.position + 1));
      }
      current = this.#guard(current, layer.position + 1);
    }
    return current;
  }

  /**
   * Offer an error raised in an output stream to the exception hooks after the
   * layer it came from. Returns the recovered output (already through the
   * remaining output hooks), or null when no middleware handles it.
   */
  async processException(response: Response, error: Error, spider: Spider): Promise<Output | null> {
    const from = this.#origins.get(error) ?? Infinity;
    for (const { middleware, position } of this.#exception) {
      if (position < from) continue;
      const result = await middleware.processSpiderException!(response, error, spider);
      if (result != null) return this.processOutput(response, result, spider, position + 1);
    }
    return null;
  }

  processStart(start: Output, spider: Spider): Output {
    let current = start;
    for (const mw of this.#start) current = mw.processStart!(current, spider);
    return current;
  }

  /** Mark errors escaping `source` as handled from `position` on; a no-op when no exception hook is that far. */
  #guard(source: Output, position: number): Output {
    if (position > this.#lastExceptionPosition) return source;
    const tag = this.#tag;
    if (Symbol.asyncIterator in source) {
      return new AsyncWrappedOutput(source, { onError: (error) => tag(error, position) });
    }
    return new WrappedOutput(source, { onError: (error) => tag(error, position) });
  }
}

/** An output that raises `error` when iterated: a callback that threw, or a refused response, enters the exception chain this way. */
export function failedOutput(error: unknown): Output {
  return {
    [Symbol.iterator]: () => ({
      next: () => {
        throw error;
      },
    }),
  };
}

/** Group the output hooks (spider side first), fusing consecutive per-value hooks into one layer. */
function outputLayers(middlewares: SpiderMiddleware[], offset: number): OutputLayer[] {
  const layers: OutputLayer[] = [];
  middlewares.forEach((middleware, index) => {
    const position = offset + index;
    if (middleware.processSpiderOutput) {
      layers.push({ kind: 'iterable', middleware, position });
    } else if (middleware.processOutputValue) {
      const last = layers.at(-1);
      if (last?.kind === 'values') last.hooks.push({ middleware, position });
      else layers.push({ kind: 'values', hooks: [{ middleware, position }] });
    }
  });
  return layers;
}

function mapValues(source: Output, response: Response, spider: Spider, hooks: PositionedHook[], tag: Tag): Output {
  const apply = (value: unknown): unknown => {
    let current = value;
    let index = 0;
    try {
      for (; index < hooks.length; index++) {
        current = hooks[index]!.middleware.processOutputValue!(response, current, spider);
        if (current === null || current === undefined) return null;
      }
    } catch (error) {
      throw tag(error, hooks[index]!.position + 1);
    }
    return current;
  };
  // Straight after an exception guard (the usual case), the guard maps too: one iterator layer less per value.
  if ((source instanceof WrappedOutput || source instanceof AsyncWrappedOutput) && source.fuseMap(apply)) return source;
  if (Symbol.asyncIterator in source) {
    return new AsyncWrappedOutput(source, { map: apply });
  }
  return new WrappedOutput(source, { map: apply });
}
