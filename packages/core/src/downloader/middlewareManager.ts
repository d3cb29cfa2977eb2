/**
 * Runs downloader middlewares around a download, with Scrapy's semantics:
 * `processRequest` in order (a Response or Request return short-circuits),
 * `processException` in reverse order on a failure (a Response or Request
 * recovers), `processResponse` in reverse order on every response (a Request
 * return reschedules). Hooks may be sync or async.
 */
import { Request } from '../http/request.js';
import { Response } from '../http/response.js';
import type { Spider } from '../spiders/spider.js';
import type { MaybePromise } from '../scheduler/queue.js';

type ProcessRequestResult = Response | Request | null | undefined | void;

export interface DownloaderMiddleware {
  processRequest?(request: Request, spider: Spider): MaybePromise<ProcessRequestResult>;
  processResponse?(request: Request, response: Response, spider: Spider): MaybePromise<Response | Request>;
  processException?(request: Request, error: Error, spider: Spider): MaybePromise<ProcessRequestResult>;
  openSpider?(spider: Spider): MaybePromise<void>;
  closeSpider?(spider: Spider): MaybePromise<void>;
}

export class DownloaderMiddlewareManager {
  readonly #requestHooks: DownloaderMiddleware[];
  readonly #responseHooks: DownloaderMiddleware[];
  readonly #exceptionHooks: DownloaderMiddleware[];

  constructor(readonly middlewares: DownloaderMiddleware[]) {
    this.#requestHooks = middlewares.filter((mw) => mw.processRequest);
    this.#responseHooks = middlewares.filter((mw) => mw.processResponse).reverse();
    this.#exceptionHooks = middlewares.filter((mw) => mw.processException).reverse();
  }

  async download(request: Request, spider: Spider, download: (request: Request) => Promise<Response>): Promise<Response | Request> {
    let result: Response | Request;
    try {
      result = (await this.#processRequest(request, spider)) ?? (await download(request));
    } catch (error) {
      result = await this.#processException(request, toError(error), spider);
    }
    if (result instanceof Request) return result;
    return this.#processResponse(request, result, spider);
  }

  async #processRequest(request: Request, spider: Spider): Promise<Response | Request | undefined> {
    for (const mw of this.#requestHooks) {
      const result = await mw.processRequest!(request, spider);
      if (result == null) continue;
      if (result instanceof Response || result instanceof Request) return result;
      throw new TypeError(`${mw.constructor.name}.processRequest must return null, a Response or a Request, got ${typeof result}`);
    }
    return undefined;
  }

  async #processException(request: Request, error: Error, spider: Spider): Promise<Response | Request> {
    for (const mw of this.#exceptionHooks) {
      const result = await mw.processException!(request, error, spider);
      if (result == null) continue;
      if (result instanceof Response || result instanceof Request) return result;
      throw new TypeError(`${mw.constructor.name}.processException must return null, a Response or a Request, got ${typeof result}`);
    }
    throw error;
  }

  async #processResponse(request: Request, response: Response, spider: Spider): Promise<Response | Request> {
    let current = withRequest(response, request);
    for (const mw of this.#responseHooks) {
      const result = await mw.processResponse!(request, current, spider);
      if (result instanceof Request) return result;
      if (!(result instanceof Response)) {
        throw new TypeError(`${mw.constructor.name}.processResponse must return a Response or a Request, got ${result === null ? 'null' : typeof result}`);
      }
      current = withRequest(result, request);
    }
    return current;
  }
}

/** A response a middleware built (a cache hit, a canned page) gets the request it answers, as Scrapy's engine does. */
function withRequest(response: Response, request: Request): Response {
  if (!response.hasRequest) response.request = request;
  return response;
}

export function toError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}
