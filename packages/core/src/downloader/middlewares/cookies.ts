/**
 * Keeps cookies as a browser does, as Scrapy's CookiesMiddleware: Set-Cookie
 * headers go to a jar (tough-cookie: RFC 6265 domain and path matching, public
 * suffixes, expiry, Secure), and each request gets the jar's cookies for its
 * URL. `meta.cookiejar` names a session (any key: one jar each);
 * `meta.dont_merge_cookies` leaves the jar alone for a request. Cookies given
 * with `Request({ cookies })` are stored in the jar first.
 *
 * Beyond Scrapy (which drops it), a Cookie header set on the request is kept
 * and sent first, its names winning over the jar's; it is not stored. Our own
 * part of the header is recorded in `meta._cookie_header`, so a retry or a
 * same-host redirect (which copy the header) gets fresh jar cookies rather than
 * stale ones, and the redirect middleware's dropping of the header on another
 * host drops the user's cookies too.
 */
import { Cookie, CookieJar } from 'tough-cookie';
import type { CrawlerContext } from '../../component/context.js';
import type { Logger } from '../../engine/logger.js';
import type { Request, RequestCookie, RequestCookies } from '../../http/request.js';
import type { Response } from '../../http/response.js';
import { NotConfigured } from '../../errors.js';
import type { DownloaderMiddleware } from '../middlewareManager.js';

/** What this middleware put in a request's Cookie header, and the part of it that was the user's. */
interface SentCookies {
  sent: string;
  own: string | null;
}

const SENT_KEY = '_cookie_header';

export class CookiesMiddleware implements DownloaderMiddleware {
  readonly #jars = new Map<unknown, CookieJar>();
  readonly #debug: boolean;
  readonly #logger: Logger;

  constructor(crawler: CrawlerContext) {
    const { settings } = crawler;
    if (!settings.get('COOKIES_ENABLED')) throw new NotConfigured('COOKIES_ENABLED is false');
    this.#debug = settings.get('COOKIES_DEBUG');
    this.#logger = crawler.logger.child('downloadermiddlewares.cookies');
  }

  /** The jar of a session: `meta.cookiejar`'s value, `undefined` for the default one. */
  jar(session?: unknown): CookieJar {
    let jar = this.#jars.get(session);
    if (!jar) {
      jar = new CookieJar(undefined, { looseMode: true });
      this.#jars.set(session, jar);
    }
    return jar;
  }

  processRequest(request: Request): null {
    const own = ownCookieHeader(request);
    let stored: string;
    if (request.meta.dont_merge_cookies) {
      // The jar is neither read nor written; the request's own cookies are still sent (as Scrapy documents, not as it does).
      stored = hasCookies(request.cookies) ? this.#storeRequestCookies(new CookieJar(undefined, { looseMode: true }), request).getCookieStringSync(request.url) : '';
    } else {
      stored = this.#storeRequestCookies(this.jar(request.meta.cookiejar), request).getCookieStringSync(request.url);
    }
    const header = mergeCookieHeaders(own, stored);
    if (header) request.headers.set('Cookie', header);
    else request.headers.delete('Cookie');
    if (header && header !== own) request.meta[SENT_KEY] = { sent: header, own } satisfies SentCookies;
    else delete request.meta[SENT_KEY];
    if (this.#debug && header) this.#logger.debug(`Sending cookies to: ${request}\nCookie: ${header}\n`);
    return null;
  }

  processResponse(request: Request, response: Response): Response {
    if (request.meta.dont_merge_cookies) return response;
    const setCookies = response.headers.getAll('Set-Cookie');
    if (setCookies.length === 0) return response;
    const jar = this.jar(request.meta.cookiejar);
    for (const header of setCookies) {
      const cookie = Cookie.parse(header, { loose: true });
      if (cookie) this.#store(jar, cookie, request.url, 'debug');
      else this.#logger.debug(`Ignored a malformed Set-Cookie from ${response}: ${header}`);
    }
    if (this.#debug) this.#logger.debug(`Received cookies from: ${response}\n${setCookies.map((value) => `Set-Cookie: ${value}\n`).join('')}`);
    return response;
  }

  /**
   * Put `Request({ cookies })` in `jar`. After a redirect they are stored for the
   * first URL of the chain, the one they were given for, so they do not follow
   * the request to another host (the copy in the redirected request is the same list).
   */
  #storeRequestCookies(jar: CookieJar, request: Request): CookieJar {
    if (!hasCookies(request.cookies)) return jar;
    const url: string = request.meta.redirect_urls?.[0] ?? request.url;
    const cookies: RequestCookie[] = Array.isArray(request.cookies)
      ? request.cookies
      : Object.entries(request.cookies).map(([name, value]) => ({ name, value }));
    for (const { name, value, domain, path } of cookies) {
      this.#store(jar, new Cookie({ key: String(name), value: String(value), domain: domain ?? null, path: path ?? null }), url, 'warning');
    }
    return jar;
  }

  #store(jar: CookieJar, cookie: Cookie, url: string, level: 'debug' | 'warning'): void {
    try {
      jar.setCookieSync(cookie, url);
    } catch (error) {
      // RFC 6265 §5.3 step 5: a host that is a public suffix (github.io) may set a cookie for itself, host-only.
      if (cookie.domain && cookie.domain.replace(/^\./, '').toLowerCase() === new URL(url).hostname) {
        cookie.domain = null;
        try {
          jar.setCookieSync(cookie, url);
          return;
        } catch {
          // reported below with the first error
        }
      }
      this.#logger.log(level === 'debug' ? 'DEBUG' : 'WARNING', `Ignored cookie ${cookie.key} for ${url}`, error);
    }
  }
}

function hasCookies(cookies: RequestCookies): boolean {
  return Array.isArray(cookies) ? cookies.length > 0 : Object.keys(cookies).length > 0;
}

/** The Cookie header the user set on this request, without what this middleware added to it earlier. */
function ownCookieHeader(request: Request): string | null {
  const header = request.headers.getAll('Cookie').join('; ') || null;
  const sent = request.meta[SENT_KEY] as SentCookies | undefined;
  return sent && header === sent.sent ? sent.own : header;
}

/** The user's cookies first, then the jar's whose names the user did not set. */
function mergeCookieHeaders(own: string | null, stored: string): string {
  if (!own) return stored;
  if (!stored) return own;
  const ownNames = new Set(own.split(';').map(cookieName));
  const added = stored.split('; ').filter((pair) => !ownNames.has(cookieName(pair)));
  return added.length ? `${own}; ${added.join('; ')}` : own;
}

function cookieName(pair: string): string {
  const eq = pair.indexOf('=');
  return (eq === -1 ? '' : pair.slice(0, eq)).trim();
}
