/** Sets `meta.download_timeout` (seconds) from the spider's `downloadTimeout` field or `DOWNLOAD_TIMEOUT`, unless the request sets it. */
import type { Crawler } from '../../engine/crawler.js';
import type { Request } from '../../http/request.js';
import type { Spider } from '../../spiders/spider.js';
import type { DownloaderMiddleware } from '../middlewareManager.js';

export class DownloadTimeoutMiddleware implements DownloaderMiddleware {
  #timeout: number;

  constructor(crawler: Crawler) {
    this.#timeout = crawler.settings.get('DOWNLOAD_TIMEOUT');
  }

  openSpider(spider: Spider): void {
    const own = (spider as { downloadTimeout?: number }).downloadTimeout;
    if (typeof own === 'number') this.#timeout = own;
  }

  processRequest(request: Request): null {
    if (this.#timeout) request.meta.download_timeout ??= this.#timeout;
    return null;
  }
}
