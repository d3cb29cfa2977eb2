/** Built-in downloader middlewares, by the names settings use (`DOWNLOADER_MIDDLEWARES_BASE` orders them). */
import type { ComponentClass } from '../../component/context.js';
import { OffsiteMiddleware } from './offsite.js';
import { RobotsTxtMiddleware } from './robotsTxt.js';
import { CookiesMiddleware } from './cookies.js';
import { HttpAuthMiddleware } from './httpAuth.js';
import { DownloadTimeoutMiddleware } from './downloadTimeout.js';
import { DefaultHeadersMiddleware } from './defaultHeaders.js';
import { UserAgentMiddleware } from './userAgent.js';
import { RetryMiddleware } from './retry.js';
import { MetaRefreshMiddleware } from './metaRefresh.js';
import { HttpCompressionMiddleware } from './httpCompression.js';
import { RedirectMiddleware } from './redirect.js';
import { DownloaderStats } from './downloaderStats.js';
import { HttpProxyMiddleware } from './httpProxy.js';
import { HttpCacheMiddleware } from './httpCache/middleware.js';

export const BUILTIN_DOWNLOADER_MIDDLEWARES: Readonly<Record<string, ComponentClass>> = {
  OffsiteMiddleware,
  RobotsTxtMiddleware,
  HttpAuthMiddleware,
  DownloadTimeoutMiddleware,
  DefaultHeadersMiddleware,
  UserAgentMiddleware,
  RetryMiddleware,
  MetaRefreshMiddleware,
  HttpCompressionMiddleware,
  RedirectMiddleware,
  CookiesMiddleware,
  HttpProxyMiddleware,
  DownloaderStats,
  HttpCacheMiddleware,
};
