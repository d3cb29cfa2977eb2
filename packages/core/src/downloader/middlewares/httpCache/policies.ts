/**
 * HTTP cache policies (`HTTPCACHE_POLICY`), as Scrapy's: what to store, and
 * whether a stored response can be used as is, must be revalidated, or was
 * confirmed by the server.
 */
import type { Settings } from '../../../settings/settings.js';
import type { Request } from '../../../http/request.js';
import type { Response } from '../../../http/response.js';
import { SettingsError } from '../../../errors.js';

export interface CachePolicy {
  shouldCacheRequest(request: Request): boolean;
  shouldCacheResponse(response: Response, request: Request): boolean;
  /** False sends the request to the server; the policy may add conditional headers to it. */
  isCachedResponseFresh(cached: Response, request: Request): boolean;
  /** After a download for a stale entry: true keeps the cached response (e.g. on 304). */
  isCachedResponseValid(cached: Response, response: Response, request: Request): boolean;
}

export interface PolicyOptions {
  /** Seconds since the epoch; tests pass a fixed clock. */
  now?: () => number;
}

function schemeOf(url: string): string {
  return url.slice(0, url.indexOf(':')).toLowerCase();
}

/** Stores every response (except `HTTPCACHE_IGNORE_HTTP_CODES` and `HTTPCACHE_IGNORE_SCHEMES`) and serves it without asking the server again. */
export class DummyPolicy implements CachePolicy {
  readonly #ignoreSchemes: Set<string>;
  readonly #ignoreCodes: Set<number>;

  constructor(settings: Settings) {
    this.#ignoreSchemes = new Set(settings.get('HTTPCACHE_IGNORE_SCHEMES'));
    this.#ignoreCodes = new Set(settings.get('HTTPCACHE_IGNORE_HTTP_CODES').map(Number));
  }

  shouldCacheRequest(request: Request): boolean {
    return !this.#ignoreSchemes.has(schemeOf(request.url));
  }

  shouldCacheResponse(response: Response): boolean {
    return !this.#ignoreCodes.has(response.status);
  }

  isCachedResponseFresh(): boolean {
    return true;
  }

  isCachedResponseValid(): boolean {
    return true;
  }
}

/**
 * Follows RFC 2616 caching as a browser does: Cache-Control (no-store,
 * no-cache, max-age, max-stale, must-revalidate; s-maxage is ignored),
 * Expires, a Last-Modified heuristic, and revalidation with If-None-Match /
 * If-Modified-Since, keeping the cached copy on 304 or on a 5xx.
 */
export class RFC2616Policy implements CachePolicy {
  /** Freshness of permanent redirects with no expiry information: one year, as Firefox. */
  static readonly MAXAGE = 365 * 24 * 3600;
  readonly #alwaysStore: boolean;
  readonly #ignoreSchemes: Set<string>;
  readonly #ignoreResponseDirectives: string[];
  readonly #now: () => number;

  constructor(settings: Settings, { now = () => Date.now() / 1000 }: PolicyOptions = {}) {
    this.#alwaysStore = settings.get('HTTPCACHE_ALWAYS_STORE');
    this.#ignoreSchemes = new Set(settings.get('HTTPCACHE_IGNORE_SCHEMES'));
    this.#ignoreResponseDirectives = settings.get('HTTPCACHE_IGNORE_RESPONSE_CACHE_CONTROLS').map((name) => name.toLowerCase());
    this.#now = now;
  }

  shouldCacheRequest(request: Request): boolean {
    if (this.#ignoreSchemes.has(schemeOf(request.url))) return false;
    return !parseCacheControl(request.headers.get('Cache-Control')).has('no-store');
  }

  shouldCacheResponse(response: Response): boolean {
    const cc = this.#responseCacheControl(response);
    if (cc.has('no-store') || response.status === 304) return false;
    if (this.#alwaysStore) return true;
    if (cc.has('max-age') || response.headers.has('Expires')) return true;
    // Permanent redirects get a default lifetime (see MAXAGE).
    if (response.status === 300 || response.status === 301 || response.status === 308) return true;
    // Without expiry information, only a response that can be revalidated is worth keeping.
    if (response.status === 200 || response.status === 203 || response.status === 401) {
      return response.headers.has('Last-Modified') || response.headers.has('ETag');
    }
    return false;
  }

  isCachedResponseFresh(cached: Response, request: Request): boolean {
    const cc = this.#responseCacheControl(cached);
    const requestCc = parseCacheControl(request.headers.get('Cache-Control'));
    if (cc.has('no-cache') || requestCc.has('no-cache')) return false;
    const now = this.#now();
    let lifetime = this.#freshnessLifetime(cached, cc, now);
    const age = currentAge(cached, now);
    const requestMaxAge = maxAge(requestCc);
    if (requestMaxAge !== null) lifetime = Math.min(lifetime, requestMaxAge);
    if (age < lifetime) return true;
    if (requestCc.has('max-stale') && !cc.has('must-revalidate')) {
      const stale = requestCc.get('max-stale') ?? null;
      if (stale === null) return true; // any staleness is acceptable
      const seconds = parseInteger(stale);
      if (seconds !== null && age < lifetime + Math.max(0, seconds)) return true;
    }
    setConditionalValidators(request, cached);
    return false;
  }

  isCachedResponseValid(cached: Response, response: Response): boolean {
    // A server error does not replace a good copy, unless that copy demanded revalidation.
    if (response.status >= 500 && !this.#responseCacheControl(cached).has('must-revalidate')) return true;
    return response.status === 304;
  }

  #responseCacheControl(response: Response): Map<string, string | null> {
    const cc = parseCacheControl(response.headers.get('Cache-Control'));
    for (const name of this.#ignoreResponseDirectives) cc.delete(name);
    return cc;
  }

  /** Seconds a response stays fresh, as Firefox computes it. */
  #freshnessLifetime(response: Response, cc: Map<string, string | null>, now: number): number {
    const age = maxAge(cc);
    if (age !== null) return age;
    const date = httpDate(response.headers.get('Date')) || now;
    if (response.headers.has('Expires')) {
      // An unparseable Expires means "already expired" (RFC 2616, 14.21).
      const expires = httpDate(response.headers.get('Expires'));
      return expires ? Math.max(0, expires - date) : 0;
    }
    const lastModified = httpDate(response.headers.get('Last-Modified'));
    if (lastModified && lastModified <= date) return (date - lastModified) / 10;
    if (response.status === 300 || response.status === 301 || response.status === 308) return RFC2616Policy.MAXAGE;
    return 0;
  }
}

/** The policy named by `HTTPCACHE_POLICY`. */
export function createPolicy(settings: Settings): CachePolicy {
  const name = settings.get('HTTPCACHE_POLICY');
  // Scrapy's dotted paths name the same classes.
  switch (name.slice(name.lastIndexOf('.') + 1)) {
    case 'DummyPolicy':
      return new DummyPolicy(settings);
    case 'RFC2616Policy':
      return new RFC2616Policy(settings);
    default:
      throw new SettingsError(`HTTPCACHE_POLICY must be 'DummyPolicy' or 'RFC2616Policy', got ${JSON.stringify(name)}`);
  }
}

/** Cache-Control directives by lower-cased name; a directive without `=value` maps to null. */
export function parseCacheControl(header: string | null): Map<string, string | null> {
  const directives = new Map<string, string | null>();
  if (!header) return directives;
  for (const directive of header.split(',')) {
    const trimmed = directive.trim();
    const eq = trimmed.indexOf('=');
    const name = (eq === -1 ? trimmed : trimmed.slice(0, eq)).toLowerCase();
    if (name) directives.set(name, eq === -1 ? null : trimmed.slice(eq + 1));
  }
  return directives;
}

function maxAge(cc: Map<string, string | null>): number | null {
  const seconds = parseInteger(cc.get('max-age') ?? null);
  return seconds === null ? null : Math.max(0, seconds);
}

function parseInteger(text: string | null): number | null {
  return text !== null && /^\s*[+-]?\d+\s*$/.test(text) ? Number(text) : null;
}

/** Seconds since the epoch of an HTTP date, or 0 when absent or malformed. */
function httpDate(value: string | null): number {
  if (!value) return 0;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? 0 : ms / 1000;
}

/** Seconds since the response left the server: from its Date (assumed now if absent), or its Age header if larger. */
function currentAge(response: Response, now: number): number {
  const date = httpDate(response.headers.get('Date')) || now;
  let age = Math.max(0, now - date);
  const header = parseInteger(response.headers.get('Age'));
  if (header !== null) age = Math.max(age, header);
  return age;
}

function setConditionalValidators(request: Request, cached: Response): void {
  const lastModified = cached.headers.get('Last-Modified');
  if (lastModified !== null) request.headers.set('If-Modified-Since', lastModified);
  const etag = cached.headers.get('ETag');
  if (etag !== null) request.headers.set('If-None-Match', etag);
}
