/**
 * Responses, as Scrapy's: `Response` for binary bodies, `TextResponse` (decoded
 * lazily, with selectors parsed lazily — a callback that never selects never
 * parses), and its HTML, XML and JSON kinds.
 */
import { Headers, type HeadersInit } from './headers.js';
import { Request, type Callback, type RequestOptions } from './request.js';
import { Selector, SelectorList, type XPathVariables } from '../selector/index.js';
import { decodeBody, detectEncoding } from './encoding.js';
import { LinkResolver } from '../utils/normalizedUrl.js';
import { dropEmptyQueryAndFragment, withBaseQuery } from '../utils/url.js';
import { InvalidUrlError } from '../errors.js';

export interface ResponseInit {
  url: string;
  status?: number;
  headers?: HeadersInit;
  body?: Buffer | string;
  request?: Request | null;
  flags?: string[];
  ip?: string | null;
  protocol?: string | null;
  /** Force a text encoding (skips detection). */
  encoding?: string;
}

/** Anything `follow()` accepts: a URL (relative or absolute), a link, or an `<a>`/attribute selector. */
export type FollowTarget = string | URL | { url: string } | Selector;
/** What `follow()` takes besides the link: the request's options, or just its callback. */
export type FollowOptions = RequestOptions | Callback;

export class Response {
  readonly url: string;
  readonly status: number;
  readonly headers: Headers;
  readonly body: Buffer;
  readonly flags: string[];
  readonly ip: string | null;
  readonly protocol: string | null;
  #request: Request | null;
  #linkResolver: LinkResolver | undefined;

  constructor(init: ResponseInit) {
    this.url = init.url;
    this.status = init.status ?? 200;
    this.headers = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
    this.body = typeof init.body === 'string' ? Buffer.from(init.body, 'utf8') : (init.body ?? Buffer.alloc(0));
    this.#request = init.request ?? null;
    this.flags = init.flags ?? [];
    this.ip = init.ip ?? null;
    this.protocol = init.protocol ?? null;
  }

  /** The request that produced this response (after redirects: the last one). */
  get request(): Request {
    if (!this.#request) throw new Error(`Response.request is not available for ${this.url}: the response was not produced by a crawl`);
    return this.#request;
  }
  set request(request: Request) {
    this.#request = request;
  }

  /** False for a response built outside a crawl (e.g. by a middleware) until the engine attaches its request. */
  get hasRequest(): boolean {
    return this.#request !== null;
  }

  /** The request's `meta`, shared with it, as in Scrapy. */
  get meta(): Record<string, any> {
    return this.request.meta;
  }

  get cbKwargs(): Record<string, any> {
    return this.request.cbKwargs;
  }

  /** `url` resolved against this page, as Scrapy resolves it (no empty `?` or `#` left; `?` alone keeps the page's query). */
  urljoin(url: string | URL): string {
    const resolved = this.resolve(url);
    return dropEmptyQueryAndFragment(typeof resolved === 'string' ? resolved : resolved.href);
  }

  /** What relative URLs resolve against: the page's URL (`<base href>` for HTML pages). */
  protected get base(): string {
    return this.url;
  }

  /**
   * `url` resolved against this page: a normalized URL string, or a parsed URL.
   * Either goes to a Request as is, without being parsed again.
   */
  protected resolve(url: string | URL): string | URL {
    if (typeof url === 'string') {
      const resolved = (this.#linkResolver ??= new LinkResolver(this.base)).resolve(url);
      if (resolved !== null) return resolved;
      return resolveUrl(withBaseQuery(url, this.base), this.base);
    }
    return resolveUrl(url, this.base);
  }

  /**
   * A request for a link found on this page; relative URLs resolve against the
   * page: `follow(href)`, `follow(href, this.parseItem)`, `follow(href, { callback, meta })`.
   */
  follow(target: FollowTarget, options?: FollowOptions): Request {
    return new Request(this.resolve(this.urlOf(target)), options);
  }

  /** Requests for several links; targets without a URL (e.g. `<a>` without href) are skipped. */
  followAll(targets: Iterable<FollowTarget> | SelectorList, options?: FollowOptions): Request[] {
    if (typeof targets !== 'object' || targets === null || !(Symbol.iterator in targets)) {
      throw new TypeError(`followAll: the first argument must be a list of links (URLs, selectors or { url }), got ${typeof targets === 'string' ? 'a string: use follow() for one link' : typeof targets}`);
    }
    const requests: Request[] = [];
    for (const target of targets) {
      const url = this.urlOf(target, false);
      if (url === null) continue;
      try {
        requests.push(this.follow(url, options));
      } catch (error) {
        if (!this.onInvalidLink || !(error instanceof InvalidUrlError)) throw error;
        this.onInvalidLink(url, error);
      }
    }
    return requests;
  }

  protected urlOf(target: FollowTarget, strict?: true): string;
  protected urlOf(target: FollowTarget, strict: boolean): string | null;
  protected urlOf(target: FollowTarget, strict = true): string | null {
    if (typeof target === 'string') return target.trim();
    if (target instanceof URL) return target.href;
    if (target instanceof Selector) {
      const url = target.linkUrl();
      if (url === null && strict) throw new TypeError(`cannot follow ${target.get().slice(0, 100)}: it is not an <a>/<link> element with href, nor an attribute or text value`);
      return url;
    }
    return target.url;
  }

  /**
   * Set by the engine while a callback runs: `followAll` reports a link with an
   * invalid URL here and goes on with the others. Without it, it throws.
   */
  onInvalidLink: ((url: string, error: Error) => void) | null = null;

  /** A copy with some fields changed. */
  replace(changes: Partial<ResponseInit> = {}): this {
    const Kind = this.constructor as new (init: ResponseInit) => this;
    return new Kind({
      url: this.url,
      status: this.status,
      headers: new Headers(this.headers),
      body: this.body,
      request: this.#request,
      flags: [...this.flags],
      ip: this.ip,
      protocol: this.protocol,
      ...changes,
    });
  }

  toString(): string {
    return `<${this.status} ${this.url}>`;
  }
}

export class TextResponse extends Response {
  #declaredEncoding: string | undefined;
  #encoding: string | undefined;
  #text: string | undefined;
  #selector: Selector | undefined;
  #baseUrl: string | undefined;
  protected readonly selectorType: 'html' | 'xml' = 'html';

  constructor(init: ResponseInit) {
    super(init);
    this.#declaredEncoding = init.encoding;
  }

  /** The body's encoding: declared, BOM, Content-Type, `<meta charset>`, then inferred. */
  get encoding(): string {
    this.#encoding ??= detectEncoding(this.body, {
      declared: this.#declaredEncoding,
      contentType: this.headers.get('content-type'),
      sniffMarkup: true,
    });
    return this.#encoding;
  }

  get text(): string {
    this.#text ??= decodeBody(this.body, this.encoding);
    return this.#text;
  }

  get selector(): Selector {
    this.#selector ??= new Selector({ text: this.text, type: this.selectorType });
    return this.#selector;
  }

  css(query: string): SelectorList {
    return this.selector.css(query);
  }

  /** `this.selector.xpath(...)`: an XPath 1.0 query on the page, with `$name` variables and extra namespace prefixes. */
  xpath(query: string, variables?: XPathVariables, namespaces?: Readonly<Record<string, string>>): SelectorList {
    return this.selector.xpath(query, variables, namespaces);
  }

  /** The body parsed as JSON. */
  json<T = unknown>(): T {
    try {
      return JSON.parse(this.text) as T;
    } catch (error) {
      throw new SyntaxError(`response from ${this.url} is not valid JSON: ${(error as Error).message}`);
    }
  }

  override replace(changes: Partial<ResponseInit> = {}): this {
    return super.replace({ encoding: this.#declaredEncoding, ...changes });
  }

  /** Resolve against `<base href>` when the page declares one, as browsers and Scrapy do. */
  protected override get base(): string {
    return this.baseUrl;
  }

  /** The page's `<base href>` resolved against its URL, or its URL. Computed once. */
  get baseUrl(): string {
    this.#baseUrl ??= this.#findBaseUrl();
    return this.#baseUrl;
  }

  #findBaseUrl(): string {
    // Cheap byte search first: most pages have no <base>, and this avoids parsing for them.
    if (this.selectorType !== 'html' || (this.body.indexOf('<base') === -1 && this.body.indexOf('<BASE') === -1)) return this.url;
    const href = this.css('base::attr(href)').get();
    if (!href) return this.url;
    try {
      return new URL(href, this.url).href;
    } catch {
      return this.url;
    }
  }
}

/** `new URL(url, base).href`, with an error that names the URL. */
function resolveUrl(url: string | URL, base: string): URL {
  try {
    return new URL(url, base);
  } catch (error) {
    throw new InvalidUrlError(`Invalid URL ${JSON.stringify(String(url))} (relative to ${base})`, { cause: error });
  }
}

export class HtmlResponse extends TextResponse {}

export class XmlResponse extends TextResponse {
  protected override readonly selectorType = 'xml' as const;
}

export class JsonResponse extends TextResponse {}
