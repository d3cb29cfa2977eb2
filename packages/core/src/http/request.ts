/**
 * A request to download, as Scrapy's `Request`. Immutable in spirit: change one
 * with `replace()`. A request serializes to plain data (the callback by its
 * method name on the spider) so disk and Redis queues can hold it.
 */
import { Headers, type HeadersInit } from './headers.js';
import { isNormalizedHttpUrl } from '../utils/normalizedUrl.js';
import { dropEmptyQueryAndFragment } from '../utils/url.js';
import { requestInit } from './requestInit.js';
import { InvalidUrlError } from '../errors.js';
import type { Response } from './response.js';

/** What a callback may produce: requests and items, sync or async, in any iterable shape. */
export type SpiderOutput<Item = unknown> =
  | AsyncIterable<Item | Request>
  | Iterable<Item | Request>
  | Promise<Iterable<Item | Request> | AsyncIterable<Item | Request> | Item | Request | void | null | undefined>
  | Item
  | Request
  | void
  | null
  | undefined;

// Callbacks are called with the spider as `this`, so `this.parseItem` can be passed unbound.
export type Callback = (response: any, kwargs: any) => SpiderOutput<any>;
export type Errback = (failure: Failure) => SpiderOutput<any>;

/** What an errback receives: the error and the request that failed. */
export interface Failure {
  error: Error;
  request: Request;
  /** Present when the error came with a response (e.g. an HTTP error status). */
  response?: Response;
}

/** A cookie to send (Scrapy's `Request(cookies=...)`): without `domain` it is for the request's host only, without `path` for the request path's directory. */
export interface RequestCookie {
  name: string;
  value: string;
  domain?: string;
  path?: string;
}

/** Cookies given with a request: a name → value map, or a list. The CookiesMiddleware stores them in the session's jar. */
export type RequestCookies = Record<string, string> | RequestCookie[];

/** A request's options besides its URL: `new Request(url, options)`, `response.follow(link, options)`. */
export type RequestOptions = Omit<RequestInit, 'url'>;

export interface RequestInit {
  /** Absolute URL; a `URL` object is taken as already parsed. */
  url: string | URL;
  method?: string;
  headers?: HeadersInit;
  body?: Buffer | string | null;
  /** Spider method to call with the response (default: `parse`). A string names a spider method. */
  callback?: Callback | string | null;
  errback?: Errback | string | null;
  meta?: Record<string, any>;
  cbKwargs?: Record<string, any>;
  priority?: number;
  dontFilter?: boolean;
  flags?: string[];
  encoding?: string;
  cookies?: RequestCookies;
}

/** Serialized form of a request (for disk/Redis queues). */
export interface RequestData {
  url: string;
  method: string;
  headers: Array<[string, string]>;
  body: string | null; // base64
  callback: string | null;
  errback: string | null;
  meta: Record<string, any>;
  cbKwargs: Record<string, any>;
  priority: number;
  dontFilter: boolean;
  flags: string[];
  cookies?: RequestCookies;
  /** The request's encoding, when not UTF-8. */
  encoding?: string;
  /** The registered name of the request's class (`Request.registerKind`), when not `Request`. */
  kind?: string;
}

/** Request subclasses that serialize: class → name, name → class. */
const kindNames = new Map<typeof Request, string>();
const kindsByName = new Map<string, typeof Request>();

/** Shared empty cookies: `cookies` is read-only, so one object serves every request without any. */
const NO_COOKIES: RequestCookies = Object.freeze({}) as RequestCookies;

export class Request {
  readonly url: string;
  readonly method: string;
  readonly body: Buffer | null;
  readonly callback: Callback | string | null;
  readonly errback: Errback | string | null;
  priority: number;
  readonly dontFilter: boolean;
  readonly encoding: string;
  readonly cookies: RequestCookies;
  // Created on first use: most requests a page yields are duplicates, dropped before anyone reads these.
  #headers: Headers | undefined;
  #meta: Record<string, any> | undefined;
  #cbKwargs: Record<string, any> | undefined;
  #flags: string[] | undefined;

  /** The init keys this class accepts; a subclass with options of its own adds them. */
  static readonly optionNames: ReadonlySet<string> = new Set([
    'url', 'method', 'headers', 'body', 'callback', 'errback', 'meta', 'cbKwargs', 'priority', 'dontFilter', 'flags', 'encoding', 'cookies',
  ]);

  /** `new Request(url)`, `new Request(url, callback)`, `new Request(url, { callback, meta, ... })` or `new Request({ url, ... })`. */
  constructor(init: RequestInit);
  constructor(url: string | URL, options?: RequestOptions | Callback);
  constructor(first: RequestInit | string | URL, second?: RequestOptions | Callback) {
    const kind = new.target as typeof Request;
    const options = requestInit<RequestInit>(kind.name, kind.optionNames, first, second);
    this.url = checkUrl(options.url);
    this.method = options.method === undefined ? 'GET' : options.method.toUpperCase();
    // Headers, meta, cbKwargs and flags are copied, as Scrapy does: a middleware writing to one request's
    // meta (depth, retry_times...) must not change another built from the same object (`meta: response.meta`).
    if (options.headers !== undefined) this.#headers = new Headers(options.headers);
    if (options.meta !== undefined) this.#meta = { ...options.meta };
    if (options.cbKwargs !== undefined) this.#cbKwargs = { ...options.cbKwargs };
    if (options.flags !== undefined) this.#flags = [...options.flags];
    this.encoding = options.encoding ?? 'utf-8';
    this.body = options.body == null || options.body === '' ? null : typeof options.body === 'string' ? Buffer.from(options.body, 'utf8') : options.body;
    this.callback = options.callback ?? null;
    this.errback = options.errback ?? null;
    this.priority = options.priority ?? 0;
    this.dontFilter = options.dontFilter ?? false;
    this.cookies = options.cookies ?? NO_COOKIES;
  }

  get headers(): Headers {
    return (this.#headers ??= new Headers());
  }

  /** Free-form data for middlewares and callbacks; shared with the response as `response.meta`. */
  get meta(): Record<string, any> {
    return (this.#meta ??= {});
  }

  /** Keyword arguments passed to the callback as its second argument. */
  get cbKwargs(): Record<string, any> {
    return (this.#cbKwargs ??= {});
  }

  get flags(): string[] {
    return (this.#flags ??= []);
  }

  /** A copy with some fields changed (meta and cbKwargs are copied, not shared). */
  replace(changes: Partial<RequestInit> = {}): Request {
    const Kind = this.constructor as new (init: RequestInit) => Request;
    return new Kind({
      url: this.url,
      method: this.method,
      headers: this.headers,
      body: this.body,
      callback: this.callback,
      errback: this.errback,
      meta: this.meta,
      cbKwargs: this.cbKwargs,
      priority: this.priority,
      dontFilter: this.dontFilter,
      flags: this.flags,
      encoding: this.encoding,
      cookies: this.cookies,
      ...changes,
    });
  }

  /**
   * Let requests of a subclass serialize (`toData`) and come back as that
   * class (`fromData`) under `name`. Its constructor must accept a plain
   * `RequestInit` (url, method, headers, body, ...) and rebuild the same request.
   */
  static registerKind(name: string, kind: typeof Request): void {
    kindNames.set(kind, name);
    kindsByName.set(name, kind);
  }

  toData(spider?: object): RequestData {
    const kind = this.constructor as typeof Request;
    const kindName = kind === Request ? undefined : kindNames.get(kind);
    if (kind !== Request && kindName === undefined) {
      throw new TypeError(`cannot serialize a ${kind.name}: register its class with Request.registerKind('${kind.name}', ${kind.name})`);
    }
    return {
      ...(kindName === undefined ? {} : { kind: kindName }),
      ...(this.encoding === 'utf-8' ? {} : { encoding: this.encoding }),
      url: this.url,
      method: this.method,
      headers: [...this.headers],
      body: this.body ? this.body.toString('base64') : null,
      callback: methodName(this.callback, spider),
      errback: methodName(this.errback, spider),
      meta: this.meta,
      cbKwargs: this.cbKwargs,
      priority: this.priority,
      dontFilter: this.dontFilter,
      flags: this.flags,
      cookies: this.cookies,
    };
  }

  static fromData(data: RequestData): Request {
    const { kind: kindName, ...init } = data;
    const Kind = kindName === undefined ? Request : kindsByName.get(kindName);
    if (!Kind) throw new TypeError(`cannot rebuild a request of kind ${JSON.stringify(kindName)}: no class is registered under that name (Request.registerKind)`);
    return new Kind({ ...init, body: data.body === null ? null : Buffer.from(data.body, 'base64') });
  }

  toString(): string {
    return `<${this.method} ${this.url}>`;
  }
}

function methodName(fn: Callback | Errback | string | null, spider: object | undefined): string | null {
  if (fn === null || typeof fn === 'string') return fn;
  if (spider) {
    for (let proto = Object.getPrototypeOf(spider); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
      for (const key of Object.getOwnPropertyNames(proto)) {
        if (key !== 'constructor' && Object.getOwnPropertyDescriptor(proto, key)?.value === fn) return key;
      }
    }
  }
  throw new TypeError(`cannot serialize callback ${fn.name || '<anonymous>'}: it is not a method of the spider`);
}

const SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]*:/;

/**
 * Validate and normalize a URL (percent-encode unsafe characters, punycode the
 * host), without an empty query or fragment, as Scrapy writes request URLs.
 */
function checkUrl(url: unknown): string {
  if (url instanceof URL) return dropEmptyQueryAndFragment(url.href); // parsed already, so valid and normalized
  if (typeof url !== 'string') throw new TypeError(`Request url must be a string, got ${typeof url}`);
  if (isNormalizedHttpUrl(url)) return dropEmptyQueryAndFragment(url); // what parsing would return, known without parsing
  if (!SCHEME.test(url)) throw new InvalidUrlError(`Missing scheme in request url: ${url}`);
  try {
    return dropEmptyQueryAndFragment(new URL(url).href);
  } catch {
    throw new InvalidUrlError(`Invalid URL in request: ${url}`);
  }
}
