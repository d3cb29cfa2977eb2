/** Built-in downloader middlewares and their orders in `DOWNLOADER_MIDDLEWARES_BASE` (Scrapy's numbers). */
import type { BuiltinTable } from '../../settings/components.js';
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

export const BUILTIN_DOWNLOADER_MIDDLEWARES: BuiltinTable = {
  OffsiteMiddleware: { component: OffsiteMiddleware, order: 50 },
  RobotsTxtMiddleware: { component: RobotsTxtMiddleware, order: 100 },
  HttpAuthMiddleware: { component: HttpAuthMiddleware, order: 300 },
  DownloadTimeoutMiddleware: { component: DownloadTimeoutMiddleware, order: 350 },
  DefaultHeadersMiddleware: { component: DefaultHeadersMiddleware, order: 400 },
  UserAgentMiddleware: { component: UserAgentMiddleware, order: 500 },
  RetryMiddleware: { component: RetryMiddleware, order: 550 },
  MetaRefreshMiddleware: { component: MetaRefreshMiddleware, order: 580 },
  HttpCompressionMiddleware: { component: HttpCompressionMiddleware, order: 590 },
  RedirectMiddleware: { component: RedirectMiddleware, order: 600 },
  CookiesMiddleware: { component: CookiesMiddleware, order: 700 },
  HttpProxyMiddleware: { component: HttpProxyMiddleware, order: 750 },
  DownloaderStats: { component: DownloaderStats, order: 850 },
  HttpCacheMiddleware: { component: HttpCacheMiddleware, order: 900 },
};
