/** Drops requests (start requests included) whose URL is longer than `URLLENGTH_LIMIT` characters (0 disables the check). */
import type { CrawlerContext } from '../component/context.js';
import type { Response } from '../http/response.js';
import type { Spider } from '../spiders/spider.js';
import { Request } from '../http/request.js';
import { NotConfigured } from '../errors.js';
import type { Output, SpiderMiddleware } from './middlewareManager.js';

export class UrlLengthMiddleware implements SpiderMiddleware {
  readonly #crawler: CrawlerContext;
  readonly #maxLength: number;

  constructor(crawler: CrawlerContext) {
    this.#maxLength = crawler.settings.get('URLLENGTH_LIMIT');
    if (!(this.#maxLength > 0)) throw new NotConfigured('URLLENGTH_LIMIT is 0');
    this.#crawler = crawler;
  }

  processStart(start: Output, spider: Spider): AsyncIterable<unknown> {
    return this.#filter(start, spider);
  }

  processOutputValue(_response: Response, value: unknown, spider: Spider): unknown {
    return this.#accepts(value, spider) ? value : null;
  }

  async *#filter(values: Output, spider: Spider): AsyncIterable<unknown> {
    for await (const value of values) if (this.#accepts(value, spider)) yield value;
  }

  #accepts(value: unknown, spider: Spider): boolean {
    if (!(value instanceof Request) || value.url.length <= this.#maxLength) return true;
    this.#drop(value, spider);
    return false;
  }

  #drop(request: Request, spider: Spider): void {
    const { stats, signals, logger } = this.#crawler;
    logger.debug(`Ignoring link (url length > ${this.#maxLength}): ${request.url}`);
    stats.incValue('urllength/request_ignored_count');
    signals.send('requestDropped', { request, spider, reason: 'url_length' });
  }
}
