/**
 * Every setting Arachne knows, with Scrapy's names and defaults. This table is
 * the schema: `Settings` rejects keys that are not here (with a suggestion).
 */
import { baseMap, type ComponentMap, type ComponentRef } from './components.js';
import { BUILTIN_EXTENSIONS } from '../extensions/index.js';
import { BUILTIN_DOWNLOADER_MIDDLEWARES } from '../downloader/middlewares/index.js';
import { BUILTIN_SPIDER_MIDDLEWARES } from '../spidermw/builtins.js';
import { BUILTIN_ITEM_PIPELINES } from '../pipelines/builtins.js';
import type { FeedOptions } from '../feeds/feedOptions.js';

export type LogLevel = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL';

export interface SettingsValues {
  BOT_NAME: string;
  USER_AGENT: string;
  LOG_LEVEL: LogLevel;
  LOG_ENABLED: boolean;
  LOG_FILE: string | null;
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

export type SettingKey = keyof SettingsValues;

export const DEFAULT_SETTINGS: SettingsValues = {
  BOT_NAME: 'arachnebot',
  USER_AGENT: 'Arachne/0.1 (+https://github.com/arachne-crawler/arachne)',
  LOG_LEVEL: 'INFO',
  LOG_ENABLED: true,
  LOG_FILE: null,
  LOGSTATS_INTERVAL: 60,
  STATS_DUMP: true,

  SPIDER_MODULES: ['spiders'],

  CONCURRENT_REQUESTS: 16,
  CONCURRENT_REQUESTS_PER_DOMAIN: 8,
  CONCURRENT_REQUESTS_PER_IP: 0,
  CONCURRENT_ITEMS: 100,
  DOWNLOAD_DELAY: 0,
  RANDOMIZE_DOWNLOAD_DELAY: true,
  DOWNLOAD_TIMEOUT: 180,
  DOWNLOAD_MAXSIZE: 1024 * 1024 * 1024,
  DOWNLOAD_WARNSIZE: 32 * 1024 * 1024,
  DOWNLOAD_FAIL_ON_DATALOSS: true,
  DOWNLOAD_HANDLERS: {},
  SCRAPER_SLOT_MAX_ACTIVE_SIZE: 5_000_000,

  DEFAULT_REQUEST_HEADERS: {
    Accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
    'Accept-Language': 'en',
  },
  DEPTH_LIMIT: 0,
  DEPTH_PRIORITY: 0,
  DEPTH_STATS_VERBOSE: false,
  DUPEFILTER_DEBUG: false,
  URLLENGTH_LIMIT: 2083,

  DOWNLOADER_MIDDLEWARES: {},
  DOWNLOADER_MIDDLEWARES_BASE: baseMap(BUILTIN_DOWNLOADER_MIDDLEWARES),
  SPIDER_MIDDLEWARES: {},
  SPIDER_MIDDLEWARES_BASE: baseMap(BUILTIN_SPIDER_MIDDLEWARES),
  ITEM_PIPELINES: {},
  ITEM_PIPELINES_BASE: baseMap(BUILTIN_ITEM_PIPELINES),
  EXTENSIONS: {},
  EXTENSIONS_BASE: baseMap(BUILTIN_EXTENSIONS),

  FEEDS: {},
  FEED_EXPORT_ENCODING: null,
  FEED_EXPORT_FIELDS: null,
  FEED_EXPORT_INDENT: 0,
  FEED_STORE_EMPTY: true,

  HTTPERROR_ALLOWED_CODES: [],
  HTTPERROR_ALLOW_ALL: false,

  ROBOTSTXT_OBEY: false,
  ROBOTSTXT_USER_AGENT: null,
  /** Seconds an unreachable robots.txt (5xx, 429, network error) forbids its origin before it is fetched again. */
  ROBOTSTXT_RETRY_AFTER: 60,

  RETRY_ENABLED: true,
  RETRY_TIMES: 2,
  RETRY_HTTP_CODES: [500, 502, 503, 504, 522, 524, 408, 429],
  RETRY_PRIORITY_ADJUST: -1,
  /** Seconds; exponential backoff with full jitter between retries (0 disables it; Retry-After is still honoured). */
  RETRY_BACKOFF_BASE: 0.5,
  /** Seconds; cap on any retry delay, Retry-After included (0 retries at once, as Scrapy). */
  RETRY_BACKOFF_MAX: 60,

  REDIRECT_ENABLED: true,
  REDIRECT_MAX_TIMES: 20,
  REDIRECT_PRIORITY_ADJUST: 2,
  METAREFRESH_ENABLED: true,
  METAREFRESH_MAXDELAY: 100,
  METAREFRESH_IGNORE_TAGS: [],

  COOKIES_ENABLED: true,
  COOKIES_DEBUG: false,
  COMPRESSION_ENABLED: true,
  DOWNLOADER_STATS: true,
  HTTPPROXY_ENABLED: true,
  HTTPPROXY_AUTH_ENCODING: 'latin-1',
  REFERER_ENABLED: true,
  REFERRER_POLICY: 'default',

  CLOSESPIDER_TIMEOUT: 0,
  CLOSESPIDER_ITEMCOUNT: 0,
  CLOSESPIDER_PAGECOUNT: 0,
  CLOSESPIDER_ERRORCOUNT: 0,
  CLOSESPIDER_TIMEOUT_NO_ITEM: 0,

  MEMUSAGE_ENABLED: true,
  MEMUSAGE_LIMIT_MB: 0,
  MEMUSAGE_WARNING_MB: 0,
  MEMUSAGE_CHECK_INTERVAL_SECONDS: 60,
  HEAP_GROWTH_PERCENT: 30,

  AUTOTHROTTLE_ENABLED: false,
  AUTOTHROTTLE_START_DELAY: 5,
  AUTOTHROTTLE_MAX_DELAY: 60,
  AUTOTHROTTLE_TARGET_CONCURRENCY: 1,
  AUTOTHROTTLE_DEBUG: false,

  HTTPCACHE_ENABLED: false,
  /** Relative paths are under `<project dir>/.arachne/`. */
  HTTPCACHE_DIR: 'httpcache',
  HTTPCACHE_EXPIRATION_SECS: 0,
  HTTPCACHE_IGNORE_HTTP_CODES: [],
  /** 'DummyPolicy' (cache everything, never revalidate) or 'RFC2616Policy' (obey HTTP caching headers). */
  HTTPCACHE_POLICY: 'DummyPolicy',
  HTTPCACHE_IGNORE_MISSING: false,
  HTTPCACHE_IGNORE_SCHEMES: ['file'],
  HTTPCACHE_ALWAYS_STORE: false,
  HTTPCACHE_IGNORE_RESPONSE_CACHE_CONTROLS: [],

  JOBDIR: null,
};
