/**
 * What components see of a spider: its name and the attributes built-in
 * components read (Scrapy's spider attributes, camelCased). `Spider` declares
 * each one as an optional field, so a spider sets them with the compiler's help.
 */
import type { ItemSchema } from '../items/itemSchema.js';

export interface SpiderAttributes {
  readonly name: string;
  /** Domains this spider may crawl (subdomains included); empty allows all (OffsiteMiddleware). */
  allowedDomains: string[];
  /** This spider's User-Agent, over `USER_AGENT` (UserAgentMiddleware, RobotsTxtMiddleware). */
  userAgent?: string;
  /** Seconds, over `DOWNLOAD_TIMEOUT` (DownloadTimeoutMiddleware). */
  downloadTimeout?: number;
  /** Non-2xx statuses this spider's callbacks handle (HttpErrorMiddleware; RedirectMiddleware leaves these alone). */
  handleHttpstatusList?: readonly number[];
  /** Seconds between requests to one domain, over `DOWNLOAD_DELAY` (the downloader's slots). */
  downloadDelay?: number;
  /** Bytes, over `DOWNLOAD_MAXSIZE` and `DOWNLOAD_WARNSIZE` (the HTTP handler, HttpCompressionMiddleware). */
  downloadMaxsize?: number;
  downloadWarnsize?: number;
  /** HTTP basic auth credentials and the domain they are sent to (HttpAuthMiddleware). */
  httpUser?: string;
  httpPass?: string;
  httpAuthDomain?: string | null;
  /** The items' Standard Schema validator (ItemValidationPipeline, the feeds' column order). */
  itemSchema?: ItemSchema;
}
