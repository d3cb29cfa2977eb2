/** Built-in spider middlewares, by the names settings use (`SPIDER_MIDDLEWARES_BASE` orders them). */
import type { ComponentClass } from '../component/context.js';
import { HttpErrorMiddleware } from './httpError.js';
import { RefererMiddleware } from './referer.js';
import { UrlLengthMiddleware } from './urlLength.js';
import { DepthMiddleware } from './depth.js';

export const BUILTIN_SPIDER_MIDDLEWARES: Readonly<Record<string, ComponentClass>> = {
  HttpErrorMiddleware,
  RefererMiddleware,
  UrlLengthMiddleware,
  DepthMiddleware,
};
