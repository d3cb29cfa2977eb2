/**
 * Obeys robots.txt when `ROBOTSTXT_OBEY` is on, as Scrapy's RobotsTxtMiddleware:
 * each origin's /robots.txt is downloaded once through the engine (so the
 * downloader middlewares apply: redirects, retries, user agent), requests to
 * that origin wait for it, and those it forbids are dropped with
 * IgnoreRequest (reason `robotstxt`). Beyond Scrapy, following RFC 9309: a
 * 5xx, 429 or network failure forbids the whole origin for
 * `ROBOTSTXT_RETRY_AFTER` seconds, after which robots.txt is fetched again;
 * `Crawl-delay` raises the download slot's delay.
 */
import type { CrawlerContext } from '../../component/context.js';
import type { Logger } from '../../engine/logger.js';
import type { StatsCollector } from '../../engine/stats.js';
import { Request } from '../../http/request.js';
import type { Response } from '../../http/response.js';
import type { Spider } from '../../spiders/spider.js';
import { IgnoreRequest, NotConfigured, errorTypeName } from '../../errors.js';
import type { DownloaderMiddleware } from '../middlewareManager.js';
import { RobotsTxt } from './robotsParser.js';
import { tryParseUrl } from '../../utils/url.js';

/** What is known of an origin's robots.txt once its download has ended. */
type SettledRules = { state: 'fetched'; robots: RobotsTxt } | { state: 'unreachable'; reason: string; retryAt: number };
type OriginRules = SettledRules | { state: 'fetching'; ready: Promise<SettledRules> };

/** An unavailable robots.txt (4xx, or a redirect not followed) allows everything (RFC 9309 §2.3.1.3). */
const ALLOW_ALL = new RobotsTxt('');

export class RobotsTxtMiddleware implements DownloaderMiddleware {
  /** Priority of robots.txt requests (Scrapy's). */
  static readonly DOWNLOAD_PRIORITY = 1000;

  readonly #crawler: CrawlerContext;
  readonly #stats: StatsCollector;
  readonly #logger: Logger;
  readonly #robotsUserAgent: string | null;
  #defaultUserAgent: string;
  readonly #retryAfter: number;
  readonly #origins = new Map<string, OriginRules>();

  constructor(crawler: CrawlerContext) {
    const { settings } = crawler;
    if (!settings.get('ROBOTSTXT_OBEY')) throw new NotConfigured('ROBOTSTXT_OBEY is false');
    this.#crawler = crawler;
    this.#stats = crawler.stats;
    this.#logger = crawler.logger.child('downloadermiddlewares.robotstxt');
    this.#robotsUserAgent = settings.get('ROBOTSTXT_USER_AGENT') || null;
    this.#defaultUserAgent = settings.get('USER_AGENT');
    this.#retryAfter = settings.get('ROBOTSTXT_RETRY_AFTER');
  }

  openSpider(spider: Spider): void {
    const own = spider.userAgent;
    if (typeof own === 'string' && own) this.#defaultUserAgent = own;
  }

  processRequest(request: Request): null | Promise<null> {
    if (request.meta.dont_obey_robotstxt) return null;
    const url = httpUrl(request.url);
    if (!url) return null;
    const rules = this.#rulesFor(url.origin);
    if (rules.state === 'fetching') return rules.ready.then((ready) => this.#enforce(request, url, ready));
    return this.#enforce(request, url, rules);
  }

  /** The parsed robots.txt of an origin (`http://host:port`, or any URL on it), once fetched; null before, or while it is unreachable. */
  robotsTxt(origin: string): RobotsTxt | null {
    const rules = this.#origins.get(new URL(origin).origin);
    return rules?.state === 'fetched' ? rules.robots : null;
  }

  /** The `Sitemap:` URLs of an origin's robots.txt, once fetched. */
  sitemaps(origin: string): readonly string[] {
    return this.robotsTxt(origin)?.sitemaps ?? [];
  }

  #rulesFor(origin: string): OriginRules {
    const known = this.#origins.get(origin);
    if (known && !(known.state === 'unreachable' && Date.now() >= known.retryAt)) return known;
    const ready = this.#fetch(origin).then((rules) => {
      this.#origins.set(origin, rules);
      return rules;
    });
    const fetching: OriginRules = { state: 'fetching', ready };
    this.#origins.set(origin, fetching);
    return fetching;
  }

  async #fetch(origin: string): Promise<SettledRules> {
    // allow_offsite: robots.txt may redirect to another host (RFC 9309 §2.3.1.2); its rules still apply to this origin.
    const request = new Request({
      url: `${origin}/robots.txt`,
      priority: RobotsTxtMiddleware.DOWNLOAD_PRIORITY,
      meta: { dont_obey_robotstxt: true, allow_offsite: true },
    });
    this.#stats.incValue('robotstxt/request_count');
    let response: Response;
    try {
      response = await this.#crawler.engine.download(request);
    } catch (error) {
      if (error instanceof IgnoreRequest) {
        this.#logger.debug(`${request} was dropped (${error.message}): everything on ${origin} is allowed`);
        return { state: 'fetched', robots: ALLOW_ALL };
      }
      this.#stats.incValue(`robotstxt/exception_count/${errorTypeName(error)}`);
      this.#logger.error(`Error downloading ${request}`, error);
      return this.#unreachable(origin, errorTypeName(error));
    }
    this.#stats.incValue('robotstxt/response_count');
    this.#stats.incValue(`robotstxt/response_status_count/${response.status}`);
    // 429 is the server asking to slow down, not a missing file: treated as a server error, as Google does.
    if (response.status >= 500 || response.status === 429) return this.#unreachable(origin, `HTTP ${response.status}`);
    const robots = response.status >= 200 && response.status < 300 ? RobotsTxt.fromBody(response.body) : ALLOW_ALL;
    return { state: 'fetched', robots };
  }

  /** RFC 9309 §2.3.1.4: an unreachable robots.txt means complete disallow, for a while. */
  #unreachable(origin: string, reason: string): SettledRules {
    this.#logger.warning(`${origin}/robots.txt is unreachable (${reason}): requests to ${origin} are forbidden for ${this.#retryAfter} s, then robots.txt is fetched again`);
    return { state: 'unreachable', reason, retryAt: Date.now() + this.#retryAfter * 1000 };
  }

  #enforce(request: Request, url: URL, rules: SettledRules): null {
    if (rules.state === 'unreachable') this.#forbid(request, ` (robots.txt unreachable: ${rules.reason})`);
    const userAgent = this.#robotsUserAgent ?? request.headers.get('User-Agent') ?? this.#defaultUserAgent;
    if (!rules.robots.isAllowed(url.pathname + url.search, userAgent)) this.#forbid(request, '');
    const delay = rules.robots.crawlDelay(userAgent);
    if (delay) this.#applyCrawlDelay(request, delay, url.origin);
    return null;
  }

  #forbid(request: Request, detail: string): never {
    this.#stats.incValue('robotstxt/forbidden'); // logged at DEBUG with the request by the engine
    throw new IgnoreRequest(`Forbidden by robots.txt${detail}`, { reason: 'robotstxt' });
  }

  /** Crawl-delay raises the delay of the request's download slot (read by the slot before each start). */
  #applyCrawlDelay(request: Request, delay: number, origin: string): void {
    const slot = this.#crawler.engine.downloader.slotFor(request);
    if (slot.delay >= delay) return;
    slot.delay = delay;
    this.#logger.debug(`Crawl-delay: ${delay} s from ${origin}/robots.txt, set on download slot '${slot.key}'`);
  }
}

function httpUrl(url: string): URL | null {
  return url.startsWith('http:') || url.startsWith('https:') ? tryParseUrl(url) : null;
}
