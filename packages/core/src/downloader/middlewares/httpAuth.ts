/**
 * HTTP Basic authentication from spider fields, as Scrapy's HttpAuthMiddleware
 * (`http_user`, `http_pass`, `http_auth_domain`). Credentials go only to
 * `httpAuthDomain` and its subdomains; left undefined, that is the domain of
 * the first request; `null` (or '') sends them to every domain.
 */
import type { CrawlerContext } from '../../component/context.js';
import type { Logger } from '../../engine/logger.js';
import type { Request } from '../../http/request.js';
import type { Spider } from '../../spiders/spider.js';
import type { DownloaderMiddleware } from '../middlewareManager.js';
import { DomainSet } from './domains.js';
import { hostOf } from '../../utils/url.js';

export class HttpAuthMiddleware implements DownloaderMiddleware {
  readonly #logger: Logger;
  #authorization: string | null = null;
  /** undefined: not known until the first request; null: every domain. */
  #domain: DomainSet | null | undefined = null;

  constructor(crawler: CrawlerContext) {
    this.#logger = crawler.logger.child('downloadermiddlewares.httpauth');
  }

  openSpider(spider: Spider): void {
    const { httpUser = '', httpPass = '', httpAuthDomain } = spider;
    if (!httpUser && !httpPass) return;
    this.#authorization = `Basic ${Buffer.from(`${httpUser}:${httpPass}`, 'utf8').toString('base64')}`;
    if (httpAuthDomain === undefined) {
      this.#domain = undefined;
      this.#logger.warning('httpAuthDomain is not set: HTTP credentials will be sent only to the domain of the first request. Set httpAuthDomain on the spider (null allows every domain).');
    } else {
      this.#domain = httpAuthDomain ? new DomainSet([httpAuthDomain]) : null;
    }
  }

  processRequest(request: Request): null {
    if (this.#authorization === null || request.headers.has('authorization')) return null;
    const host = hostOf(request.url);
    if (this.#domain === undefined) this.#domain = new DomainSet([host]);
    if (this.#domain === null || this.#domain.has(host)) request.headers.set('Authorization', this.#authorization);
    return null;
  }
}
