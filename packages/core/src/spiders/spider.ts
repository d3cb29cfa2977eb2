/**
 * The base spider. Subclasses set `name` and `startUrls` (or override `start()`)
 * and write callbacks as async generators that yield requests and items; the
 * `Item` type parameter makes the compiler check what callbacks yield.
 */
import { Request, type SpiderOutput } from '../http/request.js';
import type { Response } from '../http/response.js';
import type { SettingsInput } from '../settings/settings.js';
import type { CrawlerContext } from '../component/context.js';
import type { Logger } from '../engine/logger.js';
import { NotImplementedCallback } from '../errors.js';
import type { SpiderAttributes } from './spiderAttributes.js';
import type { ItemSchema } from '../items/itemSchema.js';

export type SpiderArgs = Record<string, string>;

const BOOLEAN_WORDS: Record<string, boolean> = { true: true, '1': true, yes: true, on: true, false: false, '0': false, no: false, off: false };

export abstract class Spider<Item = Record<string, unknown>> implements SpiderAttributes {
  /** Unique name: `arachne crawl <name>`. */
  abstract readonly name: string;
  startUrls: string[] = [];
  /** Domains this spider may crawl (subdomains included); empty allows all. */
  allowedDomains: string[] = [];
  /** Settings for this spider, above the project's and below the command line's. */
  customSettings: SettingsInput = {};

  // Read by built-in components when set (Scrapy's spider attributes, camelCased). `declare`d: the
  // instance gets only those a subclass sets.
  /** This spider's User-Agent, over `USER_AGENT`. */
  declare userAgent?: string;
  /** Seconds, over `DOWNLOAD_TIMEOUT`. */
  declare downloadTimeout?: number;
  /** Seconds between requests to one domain, over `DOWNLOAD_DELAY`. */
  declare downloadDelay?: number;
  /** Bytes, over `DOWNLOAD_MAXSIZE`. */
  declare downloadMaxsize?: number;
  /** Bytes, over `DOWNLOAD_WARNSIZE`. */
  declare downloadWarnsize?: number;
  /** Non-2xx statuses the callbacks handle (not filtered by HttpErrorMiddleware, not followed by RedirectMiddleware). */
  declare handleHttpstatusList?: readonly number[];
  /** HTTP basic auth: user, password, and the domain they are sent to (default: the first request's). */
  declare httpUser?: string;
  declare httpPass?: string;
  declare httpAuthDomain?: string | null;
  /**
   * The items' schema, any Standard Schema validator (zod, valibot, ArkType...)
   * whose output is an `Item`: the ItemValidationPipeline drops items that fail
   * it, and CSV and XML feeds order their columns by it.
   */
  declare itemSchema?: ItemSchema<Item>;

  #crawler: CrawlerContext | undefined;

  get crawler(): CrawlerContext {
    if (!this.#crawler) throw new Error(`spider ${this.name} is not bound to a crawler yet`);
    return this.#crawler;
  }

  get logger(): Logger {
    return this.crawler.logger.child(this.name);
  }

  /** Called once by the crawler before the spider opens. */
  bindCrawler(crawler: CrawlerContext): void {
    this.#crawler = crawler;
  }

  /**
   * Apply `-a NAME=VALUE` arguments as fields. A field declared with a number or
   * boolean default receives a number or boolean; lists take comma-separated values.
   */
  applyArguments(args: SpiderArgs): void {
    const fields = this as unknown as Record<string, unknown>;
    for (const [key, raw] of Object.entries(args)) {
      const current = fields[key];
      if (typeof current === 'number') {
        const value = Number(raw);
        if (Number.isNaN(value)) throw new TypeError(`spider argument ${key} must be a number, got "${raw}"`);
        fields[key] = value;
      } else if (typeof current === 'boolean') {
        const value = BOOLEAN_WORDS[raw.trim().toLowerCase()];
        if (value === undefined) throw new TypeError(`spider argument ${key} must be true or false, got "${raw}"`);
        fields[key] = value;
      } else if (Array.isArray(current)) {
        fields[key] = raw.split(',').map((part) => part.trim()).filter(Boolean);
      } else if ((key === 'start_url' || key === 'startUrl') && !(key in fields)) {
        // A spider without its own field for it: `-a start_url=...` replaces startUrls.
        this.startUrls = [raw];
      } else {
        fields[key] = raw;
      }
    }
  }

  /** The first requests (and items). Default: one request per `startUrls` entry, to `parse`. */
  async *start(): AsyncIterable<Request | Item> {
    for (const url of this.startUrls) yield new Request({ url, dontFilter: true });
  }

  /** Default callback for responses whose request names none. */
  parse(response: Response, _kwargs?: Record<string, any>): SpiderOutput<Item> {
    throw new NotImplementedCallback(`${this.constructor.name}.parse callback is not defined (response ${response.url})`);
  }

  /** Called when the spider closes, with the reason (`finished`, `shutdown`, a close condition...). */
  closed?(reason: string): void | Promise<void>;

  toString(): string {
    return `<${this.constructor.name} '${this.name}'>`;
  }
}

export type SpiderClass<S extends Spider<any> = Spider<any>> = new () => S;
