/**
 * Follows HTTP redirects (301, 302, 303, 307, 308 with a Location header), as
 * Scrapy's RedirectMiddleware: the new request goes back to the scheduler
 * (so through the offsite and robots checks) with the hop recorded in
 * `meta.redirect_urls` / `redirect_reasons` / `redirect_times`.
 */
import type { CrawlerContext } from '../../component/context.js';
import type { Request } from '../../http/request.js';
import type { Response } from '../../http/response.js';
import type { Spider } from '../../spiders/spider.js';
import { NotConfigured } from '../../errors.js';
import type { DownloaderMiddleware } from '../middlewareManager.js';
import { decodeLocation, followRedirect, type RedirectPolicy } from './redirectRequest.js';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export class RedirectMiddleware implements DownloaderMiddleware {
  readonly #policy: RedirectPolicy;

  constructor(crawler: CrawlerContext) {
    const { settings } = crawler;
    if (!settings.get('REDIRECT_ENABLED')) throw new NotConfigured('REDIRECT_ENABLED is false');
    this.#policy = {
      maxTimes: settings.get('REDIRECT_MAX_TIMES'),
      priorityAdjust: settings.get('REDIRECT_PRIORITY_ADJUST'),
      logger: crawler.logger.child('downloadermiddlewares.redirect'),
    };
  }

  processResponse(request: Request, response: Response, spider: Spider): Response | Request {
    const { status } = response;
    if (!REDIRECT_STATUSES.has(status) || handlesStatus(request, spider, status)) return response;
    const location = response.headers.get('location');
    if (location === null) return response;
    let url: string;
    try {
      url = new URL(decodeLocation(location.trim()), request.url).href;
    } catch {
      this.#policy.logger.debug(`Not following redirect from ${request}: invalid Location ${JSON.stringify(location)}`);
      return response;
    }
    const { method } = request;
    // Browsers' rules (Fetch): 303 turns anything but HEAD into GET; 301/302 turn POST into GET; 307/308 keep method and body.
    const useGet = status === 303 ? method !== 'HEAD' : (status === 301 || status === 302) && method === 'POST';
    return followRedirect(request, { url, reason: status, useGet, response }, this.#policy);
  }
}

/** The request or spider wants this status in its callback rather than followed. */
function handlesStatus(request: Request, spider: Spider, status: number): boolean {
  const { meta } = request;
  if (meta.dont_redirect || meta.handle_httpstatus_all) return true;
  if (Array.isArray(meta.handle_httpstatus_list) && meta.handle_httpstatus_list.includes(status)) return true;
  const spiderList = spider.handleHttpstatusList;
  return Array.isArray(spiderList) && spiderList.includes(status);
}
