/**
 * Scrapy's `SitemapSpider`: crawls the pages a site lists in its sitemaps.
 * `sitemapUrls` may name sitemaps, sitemap indexes, or robots.txt files whose
 * `Sitemap:` lines are followed; `sitemapRules` pick the callback of each page.
 */
import zlib from 'node:zlib';
import { Request, type Callback } from '../http/request.js';
import { XmlResponse, type Response } from '../http/response.js';
import type { CrawlerContext } from '../component/context.js';
import { RobotsTxt } from '../downloader/middlewares/robotsParser.js';
import { Sitemap, type SitemapEntry } from './sitemap.js';
import { Spider } from './spider.js';

/** `[pattern, callback]`: pages whose URL the pattern matches (anywhere, as `RegExp.test`) go to the callback, a spider method name or method. */
export type SitemapRule = [pattern: RegExp | string, callback: string | Callback];

const PARSE_SITEMAP = '_parseSitemap';
const GZIP_MAGIC = Buffer.from([0x1f, 0x8b, 0x08]);

interface CompiledRules {
  rules: Array<[RegExp, string | Callback]>;
  follow: RegExp[];
}

export abstract class SitemapSpider<Item = Record<string, unknown>> extends Spider<Item> {
  /** Sitemaps, sitemap indexes, or robots.txt URLs (ending in `/robots.txt`). */
  sitemapUrls: string[] = [];
  /** The first rule whose pattern matches a page URL gives its callback; a page no rule matches is not requested. */
  sitemapRules: SitemapRule[] = [['', 'parse']];
  /** Which sitemaps of an index to follow (any pattern matching); default all. */
  sitemapFollow: Array<RegExp | string> = [''];
  /** Also request the `<xhtml:link rel="alternate" href>` URLs of each entry. */
  sitemapAlternateLinks = false;
  #compiled: CompiledRules | undefined;

  /** Checks the rules up front: a callback name that is not a method fails the crawl at start. */
  override bindCrawler(crawler: CrawlerContext): void {
    super.bindCrawler(crawler);
    this.#compile();
  }

  override async *start(): AsyncIterable<Request | Item> {
    for (const url of this.sitemapUrls) yield new Request({ url, callback: PARSE_SITEMAP });
  }

  /** Override to drop or reorder entries (by `lastmod`, say) before their URLs are requested. */
  sitemapFilter(entries: Iterable<SitemapEntry>): Iterable<SitemapEntry> {
    return entries;
  }

  /** The callback of robots.txt, sitemap and sitemap index responses. */
  *_parseSitemap(response: Response): Generator<Request> {
    if (response.url.endsWith('/robots.txt')) {
      for (const url of RobotsTxt.fromBody(response.body).sitemaps) yield* this.#request(url, PARSE_SITEMAP, response.url);
      return;
    }
    const body = this.#sitemapBody(response);
    const sitemap = body && new Sitemap(body);
    if (!sitemap || (sitemap.type !== 'sitemapindex' && sitemap.type !== 'urlset')) {
      this.logger.warning(`Ignoring invalid sitemap: ${response}`);
      this.crawler.stats.incValue('sitemap/invalid');
      return;
    }
    const { rules, follow } = this.#compile();
    for (const url of locations(this.sitemapFilter(sitemap), this.sitemapAlternateLinks)) {
      if (sitemap.type === 'sitemapindex') {
        if (follow.some((pattern) => pattern.test(url))) yield* this.#request(url, PARSE_SITEMAP, response.url);
      } else {
        const rule = rules.find(([pattern]) => pattern.test(url));
        if (rule) yield* this.#request(url, rule[1], response.url);
      }
    }
  }

  /** The XML of a sitemap response, gunzipped if need be; null when the response is not a sitemap. */
  #sitemapBody(response: Response): Buffer | null {
    if (response instanceof XmlResponse) return response.body;
    if (response.body.subarray(0, 3).equals(GZIP_MAGIC)) {
      const maxSize: number = response.meta.download_maxsize ?? this.crawler.settings.get('DOWNLOAD_MAXSIZE');
      try {
        return zlib.gunzipSync(response.body, { finishFlush: zlib.constants.Z_SYNC_FLUSH, ...(maxSize ? { maxOutputLength: maxSize } : {}) });
      } catch (error) {
        this.logger.debug(`Cannot gunzip sitemap ${response.url} (DOWNLOAD_MAXSIZE ${maxSize}): ${String(error)}`);
        return null;
      }
    }
    // A `.xml.gz` body that is not gzip was sent with `Content-Encoding: gzip` and already decoded.
    return response.url.endsWith('.xml') || response.url.endsWith('.xml.gz') ? response.body : null;
  }

  *#request(url: string, callback: string | Callback, base: string): Generator<Request> {
    try {
      yield new Request({ url: new URL(url, base).href, callback });
    } catch {
      this.logger.debug(`Ignoring invalid URL in sitemap ${base}: ${url}`);
    }
  }

  #compile(): CompiledRules {
    this.#compiled ??= {
      rules: this.sitemapRules.map(([pattern, callback]) => {
        if (typeof callback === 'string' && typeof (this as unknown as Record<string, unknown>)[callback] !== 'function') {
          throw new TypeError(`${this.constructor.name}: sitemapRules names "${callback}", which is not a method of the spider`);
        }
        return [toRegExp(pattern), callback];
      }),
      follow: this.sitemapFollow.map(toRegExp),
    };
    return this.#compiled;
  }
}

function* locations(entries: Iterable<SitemapEntry>, alternates: boolean): Generator<string> {
  for (const entry of entries) {
    yield entry.loc;
    if (alternates && entry.alternate) yield* entry.alternate;
  }
}

/** A string is a regular expression; `g`/`y` flags are dropped so `test()` keeps no state between URLs. */
function toRegExp(pattern: RegExp | string): RegExp {
  return typeof pattern === 'string' ? new RegExp(pattern) : new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
}
