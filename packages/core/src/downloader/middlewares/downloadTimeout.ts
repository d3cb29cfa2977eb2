/** Sets `meta.download_timeout` (seconds) from the spider's `downloadTimeout` field or `DOWNLOAD_TIMEOUT`, unless the request sets it. */
import type { CrawlerContext } from '../../component/context.js';
import type { Request } from '../../http/request.js';
import type { Spider } from '../../spiders/spider.js';
import type { DownloaderMiddleware } from '../middlewareManager.js';

export class DownloadTimeoutMiddleware implements DownloaderMiddleware {
  #timeout: number;

  constructor(crawler: CrawlerContext) {
    this.#timeout = crawler.settings.get('DOWNLOAD_TIMEOUT');
  }

  openSpider(spider: Spider): void {
    const own = spider.downloadTimeout;
    if (typeof own === 'number') this.#timeout = own;
  }

  processRequest(request: Request): null {
    if (this.#timeout) request.meta.download_timeout ??= this.#timeout;
    return null;
  }
}
