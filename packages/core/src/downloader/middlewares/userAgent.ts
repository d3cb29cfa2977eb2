/** Sets the User-Agent header (the spider's `userAgent` field, else `USER_AGENT`) on requests that have none. */
import type { CrawlerContext } from '../../component/context.js';
import type { Request } from '../../http/request.js';
import type { Spider } from '../../spiders/spider.js';
import type { DownloaderMiddleware } from '../middlewareManager.js';

export class UserAgentMiddleware implements DownloaderMiddleware {
  #userAgent: string;

  constructor(crawler: CrawlerContext) {
    this.#userAgent = crawler.settings.get('USER_AGENT');
  }

  openSpider(spider: Spider): void {
    const own = spider.userAgent;
    if (typeof own === 'string') this.#userAgent = own;
  }

  processRequest(request: Request): null {
    if (this.#userAgent) request.headers.setDefault('User-Agent', this.#userAgent);
    return null;
  }
}
