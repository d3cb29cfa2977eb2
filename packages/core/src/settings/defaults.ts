/**
 * Every built-in setting, with Scrapy's names and defaults: its declaration
 * (default, kind of value, one-line doc) is the schema `Settings` checks
 * values against. Components and packages declare more (`defineSettings`).
 */
import type { ComponentMap, ComponentRef } from './componentMap.js';
import type { FeedOptions } from '../feeds/feedOptions.js';
import type { SettingDeclaration } from './declaration.js';

export type LogLevel = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL';
export const LOG_LEVELS: readonly LogLevel[] = ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'];

/** The built-in settings' value types. */
export interface BuiltinSettingsValues {
  BOT_NAME: string;
  USER_AGENT: string;
  LOG_LEVEL: LogLevel;
  LOG_ENABLED: boolean;
  LOG_FILE: string | null;
  LOG_FORMATTER: ComponentRef;
  LOGSTATS_INTERVAL: number;
  STATS_DUMP: boolean;

  SPIDER_MODULES: string[];

  CONCURRENT_REQUESTS: number;
  CONCURRENT_REQUESTS_PER_DOMAIN: number;
  CONCURRENT_REQUESTS_PER_IP: number;
  CONCURRENT_ITEMS: number;
  DOWNLOAD_DELAY: number;
  RANDOMIZE_DOWNLOAD_DELAY: boolean;
  DOWNLOAD_TIMEOUT: number;
  DOWNLOAD_MAXSIZE: number;
  DOWNLOAD_WARNSIZE: number;
  DOWNLOAD_FAIL_ON_DATALOSS: boolean;
  /** Scheme → handler (a registered name, `./module.ts:Export`, or a class); merged over http/https. */
  DOWNLOAD_HANDLERS: Record<string, ComponentRef | null>;
  SCRAPER_SLOT_MAX_ACTIVE_SIZE: number;

  DEFAULT_REQUEST_HEADERS: Record<string, string>;
  DEPTH_LIMIT: number;
  DEPTH_PRIORITY: number;
  DEPTH_STATS_VERBOSE: boolean;
  DUPEFILTER_DEBUG: boolean;
  URLLENGTH_LIMIT: number;

  DOWNLOADER_MIDDLEWARES: ComponentMap;
  DOWNLOADER_MIDDLEWARES_BASE: ComponentMap;
  SPIDER_MIDDLEWARES: ComponentMap;
  SPIDER_MIDDLEWARES_BASE: ComponentMap;
  ITEM_PIPELINES: ComponentMap;
  ITEM_PIPELINES_BASE: ComponentMap;
  EXTENSIONS: ComponentMap;
  EXTENSIONS_BASE: ComponentMap;

  FEEDS: Record<string, Partial<FeedOptions>>;
  FEED_EXPORT_ENCODING: string | null;
  FEED_EXPORT_FIELDS: string[] | null;
  FEED_EXPORT_INDENT: number;
  FEED_STORE_EMPTY: boolean;

  FILES_STORE: string | null;
  FILES_EXPIRES: number;
  FILES_URLS_FIELD: string;
  FILES_RESULT_FIELD: string;
  IMAGES_STORE: string | null;
  IMAGES_EXPIRES: number;
  IMAGES_URLS_FIELD: string;
  IMAGES_RESULT_FIELD: string;
  /** Thumbnail name → [width, height]. */
  IMAGES_THUMBS: Record<string, [number, number]>;
  IMAGES_MIN_WIDTH: number;
  IMAGES_MIN_HEIGHT: number;
  MEDIA_ALLOW_REDIRECTS: boolean;

  HTTPERROR_ALLOWED_CODES: number[];
  HTTPERROR_ALLOW_ALL: boolean;

  ROBOTSTXT_OBEY: boolean;
  ROBOTSTXT_USER_AGENT: string | null;
  ROBOTSTXT_RETRY_AFTER: number;

  RETRY_ENABLED: boolean;
  RETRY_TIMES: number;
  RETRY_HTTP_CODES: number[];
  RETRY_PRIORITY_ADJUST: number;
  RETRY_BACKOFF_BASE: number;
  RETRY_BACKOFF_MAX: number;

  REDIRECT_ENABLED: boolean;
  REDIRECT_MAX_TIMES: number;
  REDIRECT_PRIORITY_ADJUST: number;
  METAREFRESH_ENABLED: boolean;
  METAREFRESH_MAXDELAY: number;
  METAREFRESH_IGNORE_TAGS: string[];

  COOKIES_ENABLED: boolean;
  COOKIES_DEBUG: boolean;
  COMPRESSION_ENABLED: boolean;
  DOWNLOADER_STATS: boolean;
  HTTPPROXY_ENABLED: boolean;
  HTTPPROXY_AUTH_ENCODING: string;
  REFERER_ENABLED: boolean;
  REFERRER_POLICY: string;

  CLOSESPIDER_TIMEOUT: number;
  CLOSESPIDER_ITEMCOUNT: number;
  CLOSESPIDER_PAGECOUNT: number;
  CLOSESPIDER_ERRORCOUNT: number;
  CLOSESPIDER_TIMEOUT_NO_ITEM: number;

  MEMUSAGE_ENABLED: boolean;
  MEMUSAGE_LIMIT_MB: number;
  MEMUSAGE_WARNING_MB: number;
  MEMUSAGE_CHECK_INTERVAL_SECONDS: number;
  HEAP_GROWTH_PERCENT: number;

  AUTOTHROTTLE_ENABLED: boolean;
  AUTOTHROTTLE_START_DELAY: number;
  AUTOTHROTTLE_MAX_DELAY: number;
  AUTOTHROTTLE_TARGET_CONCURRENCY: number;
  AUTOTHROTTLE_DEBUG: boolean;

  HTTPCACHE_ENABLED: boolean;
  HTTPCACHE_DIR: string;
  HTTPCACHE_EXPIRATION_SECS: number;
  HTTPCACHE_IGNORE_HTTP_CODES: number[];
  HTTPCACHE_POLICY: string;
  HTTPCACHE_IGNORE_MISSING: boolean;
  HTTPCACHE_IGNORE_SCHEMES: string[];
  HTTPCACHE_ALWAYS_STORE: boolean;
  HTTPCACHE_IGNORE_RESPONSE_CACHE_CONTROLS: string[];

  JOBDIR: string | null;
}

/**
 * Every setting's value type: the built-in ones, and those packages and users
 * declare by augmenting this interface, so `settings.get(KEY)`, `defineConfig`
 * and `customSettings` check them too:
 *
 * ```ts
 * declare module '@arachne/core' {
 *   interface SettingsValues extends SettingsOf<typeof MYEXT_SETTINGS> {}
 * }
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- an interface, so that declarations can augment it
export interface SettingsValues extends BuiltinSettingsValues {}

export type SettingKey = keyof SettingsValues;

type Declarations<V> = { [K in keyof V]: SettingDeclaration<V[K]> };

export const BUILTIN_SETTINGS: Declarations<BuiltinSettingsValues> = {
  BOT_NAME: { default: 'arachnebot', doc: "The project's bot name, used in the default User-Agent of new projects and in logs." },
  USER_AGENT: { default: 'Arachne/0.1 (+https://github.com/arachne-crawler/arachne)', doc: 'The User-Agent header sent with every request (a spider\'s `userAgent` wins).' },
  LOG_LEVEL: { default: 'INFO', choices: LOG_LEVELS, doc: 'The lowest level logged: DEBUG, INFO, WARNING, ERROR or CRITICAL.' },
  LOG_ENABLED: { default: true, doc: 'Whether to log at all.' },
  LOG_FILE: { default: null, type: 'string', doc: 'Write the log to this file (appended) instead of stderr.' },
  LOG_FORMATTER: { default: 'LogFormatter', type: 'component', doc: 'The component that words the crawled/scraped/dropped/error log lines.' },
  LOGSTATS_INTERVAL: { default: 60, min: 0, doc: 'Seconds between the "Crawled N pages" progress lines (0 turns them off).' },
  STATS_DUMP: { default: true, doc: 'Log every stat when the spider closes.' },

  SPIDER_MODULES: { default: ['spiders'], doc: 'Folders (relative to the project) where `arachne crawl` and `list` look for spiders.' },

  CONCURRENT_REQUESTS: { default: 16, type: 'integer', min: 1, doc: 'Requests downloading at once, in all.' },
  CONCURRENT_REQUESTS_PER_DOMAIN: { default: 8, type: 'integer', min: 1, doc: 'Requests downloading at once per download slot (domain).' },
  CONCURRENT_REQUESTS_PER_IP: { default: 0, unsupported: 'download slots are per domain; use CONCURRENT_REQUESTS_PER_DOMAIN', doc: 'Not built: per-IP concurrency.' },
  CONCURRENT_ITEMS: { default: 100, type: 'integer', min: 1, doc: "Items of one response in the item pipelines at once." },
  DOWNLOAD_DELAY: { default: 0, min: 0, doc: 'Seconds between the starts of requests to one domain (randomized 0.5–1.5x by default).' },
  RANDOMIZE_DOWNLOAD_DELAY: { default: true, doc: 'Wait 0.5–1.5x DOWNLOAD_DELAY rather than exactly it.' },
  DOWNLOAD_TIMEOUT: { default: 180, min: 0, doc: 'Seconds before a download fails with a timeout.' },
  DOWNLOAD_MAXSIZE: { default: 1024 * 1024 * 1024, min: 0, doc: 'Bytes (after decompression) above which a response is cancelled; 0 for no limit.' },
  DOWNLOAD_WARNSIZE: { default: 32 * 1024 * 1024, min: 0, doc: 'Bytes above which a response is logged as large; 0 for no warning.' },
  DOWNLOAD_FAIL_ON_DATALOSS: { default: true, doc: 'Fail a response whose body is shorter than its Content-Length (else flag it `dataloss`).' },
  DOWNLOAD_HANDLERS: { default: {}, doc: 'URL scheme → download handler, merged over the built-in http/https handler; null disables a scheme.' },
  SCRAPER_SLOT_MAX_ACTIVE_SIZE: { default: 5_000_000, min: 0, doc: 'Bytes of responses being parsed above which the engine stops pulling requests.' },

  DEFAULT_REQUEST_HEADERS: {
    default: { Accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', 'Accept-Language': 'en' },
    doc: 'Headers every request gets unless it sets its own.',
  },
  DEPTH_LIMIT: { default: 0, type: 'integer', min: 0, doc: 'The deepest link depth followed; 0 for no limit.' },
  DEPTH_PRIORITY: { default: 0, doc: "Priority adjusted per depth level (positive for breadth-first order)." },
  DEPTH_STATS_VERBOSE: { default: false, doc: 'Count requests per depth (`request_depth_count/N`).' },
  DUPEFILTER_DEBUG: { default: false, doc: 'Log every duplicate request filtered, not only the first.' },
  URLLENGTH_LIMIT: { default: 2083, type: 'integer', min: 0, doc: 'Longest URL followed; 0 for no limit.' },

  DOWNLOADER_MIDDLEWARES: { default: {}, type: 'component-map', doc: 'Your downloader middlewares, merged over DOWNLOADER_MIDDLEWARES_BASE.' },
  DOWNLOADER_MIDDLEWARES_BASE: {
    default: {
      OffsiteMiddleware: 50,
      RobotsTxtMiddleware: 100,
      HttpAuthMiddleware: 300,
      DownloadTimeoutMiddleware: 350,
      DefaultHeadersMiddleware: 400,
      UserAgentMiddleware: 500,
      RetryMiddleware: 550,
      MetaRefreshMiddleware: 580,
      HttpCompressionMiddleware: 590,
      RedirectMiddleware: 600,
      CookiesMiddleware: 700,
      HttpProxyMiddleware: 750,
      DownloaderStats: 850,
      HttpCacheMiddleware: 900,
    },
    type: 'component-map',
    doc: 'The built-in downloader middlewares and their orders.',
  },
  SPIDER_MIDDLEWARES: { default: {}, type: 'component-map', doc: 'Your spider middlewares, merged over SPIDER_MIDDLEWARES_BASE.' },
  SPIDER_MIDDLEWARES_BASE: {
    default: { HttpErrorMiddleware: 50, RefererMiddleware: 700, UrlLengthMiddleware: 800, DepthMiddleware: 900 },
    type: 'component-map',
    doc: 'The built-in spider middlewares and their orders.',
  },
  ITEM_PIPELINES: { default: {}, type: 'component-map', doc: 'Your item pipelines, merged over ITEM_PIPELINES_BASE.' },
  ITEM_PIPELINES_BASE: {
    default: { ItemValidationPipeline: 0 },
    type: 'component-map',
    doc: "The built-in item pipelines enabled by default: ItemValidationPipeline (checks items against the spider's itemSchema; inactive without one).",
  },
  EXTENSIONS: { default: {}, type: 'component-map', doc: 'Your extensions, merged over EXTENSIONS_BASE.' },
  EXTENSIONS_BASE: {
    default: { CoreStats: 0, LogStats: 0, FeedExporter: 0, CloseSpider: 0, MemoryUsage: 0, AutoThrottle: 0 },
    type: 'component-map',
    doc: 'The built-in extensions.',
  },

  FEEDS: { default: {}, doc: 'Feed URI → options ({ format, overwrite, fields, ... }): where scraped items are exported.' },
  FEED_EXPORT_ENCODING: { default: null, type: 'string', doc: 'Encoding of exported feeds (default UTF-8, with JSON escaping non-ASCII as Scrapy).' },
  FEED_EXPORT_FIELDS: { default: null, type: 'list', doc: 'The fields exported, in order (default: the fields of the first item, then new ones).' },
  FEED_EXPORT_INDENT: { default: 0, type: 'integer', min: 0, doc: 'Indentation of JSON and XML feeds (0: one item per line).' },
  FEED_STORE_EMPTY: { default: true, doc: 'Write a feed file even when no item was scraped.' },

  FILES_STORE: { default: null, type: 'string', doc: 'FilesPipeline: the folder files are stored in (relative to the project, or a file:// URI).' },
  FILES_EXPIRES: { default: 90, min: 0, doc: 'FilesPipeline: days a stored file stays fresh (not downloaded again).' },
  FILES_URLS_FIELD: { default: 'fileUrls', doc: 'FilesPipeline: the item field that lists the URLs to download.' },
  FILES_RESULT_FIELD: { default: 'files', doc: 'FilesPipeline: the item field the stored files ({ url, path, checksum, status }) are written to.' },
  IMAGES_STORE: { default: null, type: 'string', doc: 'ImagesPipeline: the folder images are stored in (relative to the project, or a file:// URI).' },
  IMAGES_EXPIRES: { default: 90, min: 0, doc: 'ImagesPipeline: days a stored image stays fresh (not downloaded again).' },
  IMAGES_URLS_FIELD: { default: 'imageUrls', doc: 'ImagesPipeline: the item field that lists the image URLs to download.' },
  IMAGES_RESULT_FIELD: { default: 'images', doc: 'ImagesPipeline: the item field the stored images ({ url, path, checksum, status }) are written to.' },
  IMAGES_THUMBS: { default: {}, type: 'object', doc: 'ImagesPipeline: thumbnail name → [width, height] to fit it in, e.g. { small: [50, 50] }.' },
  IMAGES_MIN_WIDTH: { default: 0, type: 'integer', min: 0, doc: 'ImagesPipeline: images narrower than this (pixels) are left out.' },
  IMAGES_MIN_HEIGHT: { default: 0, type: 'integer', min: 0, doc: 'ImagesPipeline: images lower than this (pixels) are left out.' },
  MEDIA_ALLOW_REDIRECTS: { default: false, doc: 'FilesPipeline and ImagesPipeline: follow redirects when downloading media (else a 3xx is a failed file).' },

  HTTPERROR_ALLOWED_CODES: { default: [], type: 'number-list', doc: 'Non-2xx statuses passed to callbacks.' },
  HTTPERROR_ALLOW_ALL: { default: false, doc: 'Pass responses of every status to callbacks.' },

  ROBOTSTXT_OBEY: { default: false, doc: 'Obey robots.txt rules (and Crawl-delay).' },
  ROBOTSTXT_USER_AGENT: { default: null, type: 'string', doc: 'The user agent matched against robots.txt groups (default: the User-Agent sent).' },
  ROBOTSTXT_RETRY_AFTER: { default: 60, min: 0, doc: 'Seconds an unreachable robots.txt forbids its origin before it is fetched again.' },

  RETRY_ENABLED: { default: true, doc: 'Retry failed downloads and retryable statuses.' },
  RETRY_TIMES: { default: 2, type: 'integer', min: 0, doc: 'Retries per request (besides the first try).' },
  RETRY_HTTP_CODES: { default: [500, 502, 503, 504, 522, 524, 408, 429], type: 'number-list', doc: 'Statuses that are retried.' },
  RETRY_PRIORITY_ADJUST: { default: -1, doc: "A retry's priority relative to the request's." },
  RETRY_BACKOFF_BASE: { default: 0.5, min: 0, doc: 'Seconds; exponential backoff with full jitter between retries (0 disables it; Retry-After is still honoured).' },
  RETRY_BACKOFF_MAX: { default: 60, min: 0, doc: 'Seconds; cap on any retry delay, Retry-After included (0 retries at once, as Scrapy).' },

  REDIRECT_ENABLED: { default: true, doc: 'Follow 3xx redirects.' },
  REDIRECT_MAX_TIMES: { default: 20, type: 'integer', min: 0, doc: 'Redirects followed per request.' },
  REDIRECT_PRIORITY_ADJUST: { default: 2, doc: "A redirect's priority relative to the request's." },
  METAREFRESH_ENABLED: { default: true, doc: 'Follow `<meta http-equiv="refresh">` redirects.' },
  METAREFRESH_MAXDELAY: { default: 100, min: 0, doc: 'Seconds; meta refreshes with a longer delay are not followed.' },
  METAREFRESH_IGNORE_TAGS: { default: [], type: 'list', doc: 'Tags whose meta refreshes are ignored (e.g. noscript).' },

  COOKIES_ENABLED: { default: true, doc: 'Keep cookies (one jar per `meta.cookiejar` session).' },
  COOKIES_DEBUG: { default: false, doc: 'Log the cookies sent and received.' },
  COMPRESSION_ENABLED: { default: true, doc: 'Ask for and decode gzip, deflate and brotli responses.' },
  DOWNLOADER_STATS: { default: true, doc: 'Count requests, responses and bytes in the stats.' },
  HTTPPROXY_ENABLED: { default: true, doc: 'Use proxies from `meta.proxy` and the http(s)_proxy environment variables.' },
  HTTPPROXY_AUTH_ENCODING: { default: 'latin-1', doc: 'Encoding of proxy credentials.' },
  REFERER_ENABLED: { default: true, doc: 'Send Referer headers.' },
  REFERRER_POLICY: { default: 'default', doc: 'The referrer policy (a W3C policy name, or "default" for Scrapy\'s).' },

  CLOSESPIDER_TIMEOUT: { default: 0, min: 0, doc: 'Seconds after which the spider closes (reason closespider_timeout); 0 for never.' },
  CLOSESPIDER_ITEMCOUNT: { default: 0, type: 'integer', min: 0, doc: 'Items after which the spider closes; 0 for no limit.' },
  CLOSESPIDER_PAGECOUNT: { default: 0, type: 'integer', min: 0, doc: 'Responses after which the spider closes; 0 for no limit.' },
  CLOSESPIDER_ERRORCOUNT: { default: 0, type: 'integer', min: 0, doc: 'Errors after which the spider closes; 0 for no limit.' },
  CLOSESPIDER_TIMEOUT_NO_ITEM: { default: 0, min: 0, doc: 'Seconds without a new item after which the spider closes; 0 for never.' },

  MEMUSAGE_ENABLED: { default: true, doc: 'Watch the memory used (MEMUSAGE_LIMIT_MB, MEMUSAGE_WARNING_MB).' },
  MEMUSAGE_LIMIT_MB: { default: 0, min: 0, doc: 'Resident memory (MB) at which the spider closes (memusage_exceeded); 0 for no limit.' },
  MEMUSAGE_WARNING_MB: { default: 0, min: 0, doc: 'Resident memory (MB) at which a warning is logged once; 0 for none.' },
  MEMUSAGE_CHECK_INTERVAL_SECONDS: { default: 60, min: 0, doc: 'Seconds between memory checks.' },
  HEAP_GROWTH_PERCENT: {
    default: 0,
    type: 'integer',
    min: 0,
    max: 1000,
    doc: "V8's --heap-growing-percent for the crawl's process, set by CrawlerProcess (0 leaves Node's own); the arachne command uses 30.",
  },

  AUTOTHROTTLE_ENABLED: { default: false, doc: "Adjust each domain's delay to its latency." },
  AUTOTHROTTLE_START_DELAY: { default: 5, min: 0, doc: 'Seconds; the first delay AutoThrottle uses.' },
  AUTOTHROTTLE_MAX_DELAY: { default: 60, min: 0, doc: 'Seconds; the longest delay AutoThrottle sets.' },
  AUTOTHROTTLE_TARGET_CONCURRENCY: { default: 1, min: 0, doc: 'Requests AutoThrottle aims to have in flight per domain.' },
  AUTOTHROTTLE_DEBUG: { default: false, doc: 'Log every AutoThrottle adjustment.' },

  HTTPCACHE_ENABLED: { default: false, doc: 'Cache responses on disk and replay them on later runs.' },
  HTTPCACHE_DIR: { default: 'httpcache', doc: 'The cache folder; relative paths are under `<project dir>/.arachne/`.' },
  HTTPCACHE_EXPIRATION_SECS: { default: 0, min: 0, doc: 'Seconds a cached response stays fresh; 0 for ever.' },
  HTTPCACHE_IGNORE_HTTP_CODES: { default: [], type: 'number-list', doc: 'Statuses not cached.' },
  HTTPCACHE_POLICY: { default: 'DummyPolicy', doc: "'DummyPolicy' (cache everything, never revalidate) or 'RFC2616Policy' (obey HTTP caching headers)." },
  HTTPCACHE_IGNORE_MISSING: { default: false, doc: 'Drop requests that are not in the cache instead of downloading them.' },
  HTTPCACHE_IGNORE_SCHEMES: { default: ['file'], doc: 'URL schemes never cached.' },
  HTTPCACHE_ALWAYS_STORE: { default: false, doc: 'RFC2616Policy: store responses even when their headers say not to.' },
  HTTPCACHE_IGNORE_RESPONSE_CACHE_CONTROLS: { default: [], type: 'list', doc: 'RFC2616Policy: Cache-Control directives of responses to ignore.' },

  JOBDIR: { default: null, type: 'string', unsupported: 'the crawl state is kept in memory only, so a stopped crawl cannot be resumed', doc: 'Not built: a folder that keeps the crawl so it can pause and resume.' },
};

/** The built-in settings' defaults. */
export const DEFAULT_SETTINGS = Object.fromEntries(
  Object.entries(BUILTIN_SETTINGS).map(([key, declaration]) => [key, declaration.default]),
) as unknown as BuiltinSettingsValues;
