/** Built-in spider middlewares and their orders in `SPIDER_MIDDLEWARES_BASE` (Scrapy's numbers). */
import type { BuiltinTable } from '../settings/components.js';
import { HttpErrorMiddleware } from './httpError.js';
import { RefererMiddleware } from './referer.js';
import { UrlLengthMiddleware } from './urlLength.js';
import { DepthMiddleware } from './depth.js';

export const BUILTIN_SPIDER_MIDDLEWARES: BuiltinTable = {
  HttpErrorMiddleware: { component: HttpErrorMiddleware, order: 50 },
  RefererMiddleware: { component: RefererMiddleware, order: 700 },
  UrlLengthMiddleware: { component: UrlLengthMiddleware, order: 800 },
  DepthMiddleware: { component: DepthMiddleware, order: 900 },
};
