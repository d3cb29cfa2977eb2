/** Middlewares of the books example (enabled in the spider's `customSettings`). */
import { Request, type Crawler, type DownloaderMiddleware, type Response, type SpiderMiddleware } from '@arachne/core';

/** Downloader middleware: measures each download and keeps the slowest in stats (`books/slowest_ms`). */
export class LatencyMiddleware implements DownloaderMiddleware {
  readonly #started = new WeakMap<Request, number>();

  constructor(private readonly crawler: Crawler) {}

  processRequest(request: Request): null {
    this.#started.set(request, performance.now());
    return null;
  }

  processResponse(request: Request, response: Response): Response {
    const started = this.#started.get(request);
    if (started !== undefined) this.crawler.stats.maxValue('books/slowest_ms', Math.round(performance.now() - started));
    return response;
  }
}

/** Spider middleware: stamps every item with the time it was scraped. */
export class StampItemsMiddleware implements SpiderMiddleware {
  async *processSpiderOutput(_response: Response, result: AsyncIterable<unknown>) {
    for await (const value of result) {
      yield value instanceof Request ? value : { ...(value as object), scrapedAt: new Date().toISOString() };
    }
  }
}
