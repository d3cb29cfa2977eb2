/**
 * Drops requests to hosts outside `spider.allowedDomains` (each domain covers
 * its subdomains), as Scrapy's OffsiteMiddleware, a downloader middleware since
 * Scrapy 2.11: every request is checked, including start requests and the new
 * requests of redirects. `dontFilter` and `meta.allow_offsite` let a request through.
 */
import type { CrawlerContext } from '../../component/context.js';
import type { Logger } from '../../engine/logger.js';
import type { StatsCollector } from '../../engine/stats.js';
import type { Request } from '../../http/request.js';
import type { Spider } from '../../spiders/spider.js';
import { IgnoreRequest } from '../../errors.js';
import type { DownloaderMiddleware } from '../middlewareManager.js';
import { DomainSet } from './domains.js';
import { hostOf } from '../../utils/url.js';

const URL_ENTRY = /^https?:\/\//i;
const PORT_ENTRY = /:\d+$/;

export class OffsiteMiddleware implements DownloaderMiddleware {
  readonly #stats: StatsCollector;
  readonly #logger: Logger;
  /** null: the spider sets no allowed domains, every host is allowed. */
  #allowed: DomainSet | null = null;
  readonly #domainsSeen = new Set<string>();

  constructor(crawler: CrawlerContext) {
    this.#stats = crawler.stats;
    this.#logger = crawler.logger.child('downloadermiddlewares.offsite');
  }

  openSpider(spider: Spider): void {
    this.#allowed = allowedDomains(spider.allowedDomains as Array<string | null> | undefined, this.#logger);
  }

  processRequest(request: Request): null {
    if (this.#allowed === null || request.dontFilter || request.meta.allow_offsite) return null;
    const host = hostOf(request.url);
    if (host && this.#allowed.has(host)) return null;
    if (host && !this.#domainsSeen.has(host)) {
      this.#domainsSeen.add(host);
      this.#logger.debug(`Filtered offsite request to '${host}': ${request}`);
      this.#stats.incValue('offsite/domains');
    }
    this.#stats.incValue('offsite/filtered');
    throw new IgnoreRequest(`offsite: host '${host}' is not in allowedDomains`, { reason: 'offsite' });
  }
}

/** The valid entries of `allowedDomains`; URLs and entries with a port are ignored with a warning, as Scrapy does. */
function allowedDomains(entries: Array<string | null> | undefined, logger: Logger): DomainSet | null {
  if (!entries || entries.length === 0) return null;
  const domains: string[] = [];
  for (const entry of entries) {
    if (!entry) continue;
    if (URL_ENTRY.test(entry)) {
      logger.warning(`allowedDomains accepts only domains, not URLs. Ignoring URL entry ${entry} in allowedDomains.`);
    } else if (PORT_ENTRY.test(entry)) {
      logger.warning(`allowedDomains accepts only domains without ports. Ignoring entry ${entry} in allowedDomains.`);
    } else {
      domains.push(entry);
    }
  }
  return new DomainSet(domains);
}
