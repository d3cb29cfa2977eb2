/**
 * Tracks how deep each request is (`meta.depth`: 0 for start requests, the
 * parent's depth + 1 for requests yielded from a response), drops requests
 * deeper than `DEPTH_LIMIT`, and lowers priority by `depth * DEPTH_PRIORITY`
 * (positive: breadth-first, negative: depth-first).
 */
import type { CrawlerContext } from '../component/context.js';
import type { Response } from '../http/response.js';
import type { Spider } from '../spiders/spider.js';
import type { StatsCollector } from '../engine/stats.js';
import { Request } from '../http/request.js';
import type { Output, SpiderMiddleware } from './middlewareManager.js';

export class DepthMiddleware implements SpiderMiddleware {
  readonly #crawler: CrawlerContext;
  readonly #stats: StatsCollector;
  readonly #maxDepth: number;
  readonly #priority: number;
  readonly #verbose: boolean;

  constructor(crawler: CrawlerContext) {
    const { settings } = crawler;
    this.#crawler = crawler;
    this.#stats = crawler.stats;
    this.#maxDepth = settings.get('DEPTH_LIMIT');
    this.#priority = settings.get('DEPTH_PRIORITY');
    this.#verbose = settings.get('DEPTH_STATS_VERBOSE');
  }

  async *processStart(start: Output): AsyncIterable<unknown> {
    for await (const value of start) {
      if (value instanceof Request && value.meta.depth === undefined) this.#setRootDepth(value.meta);
      yield value;
    }
  }

  processOutputValue(response: Response, value: unknown, spider: Spider): unknown {
    if (!(value instanceof Request)) return value;
    const meta = response.meta;
    if (meta.depth === undefined) this.#setRootDepth(meta);
    return this.#accept(value, (meta.depth as number) + 1, spider) ? value : null;
  }

  #setRootDepth(meta: Record<string, any>): void {
    meta.depth = 0;
    if (this.#verbose) this.#stats.incValue('request_depth_count/0');
  }

  #accept(request: Request, depth: number, spider: Spider): boolean {
    request.meta.depth = depth;
    if (this.#priority) request.priority -= depth * this.#priority;
    if (this.#maxDepth && depth > this.#maxDepth) {
      this.#crawler.logger.debug(`Ignoring link (depth > ${this.#maxDepth}): ${request.url}`);
      this.#crawler.signals.send('requestDropped', { request, spider, reason: 'depth' });
      return false;
    }
    if (this.#verbose) this.#stats.incValue(`request_depth_count/${depth}`);
    this.#stats.maxValue('request_depth_max', depth);
    return true;
  }
}
