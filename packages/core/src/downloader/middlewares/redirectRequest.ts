/**
 * The follow-up request of a redirect, shared by RedirectMiddleware (3xx) and
 * MetaRefreshMiddleware: method and body rules, credentials kept on the
 * origin they were meant for, the hop recorded in meta, and the redirects
 * that must not be followed (other schemes, loops, too many hops).
 */
import type { Logger } from '../../engine/logger.js';
import type { Request } from '../../http/request.js';
import type { Response } from '../../http/response.js';
import { IgnoreRequest } from '../../errors.js';

export interface RedirectPolicy {
  /** `REDIRECT_MAX_TIMES`. */
  maxTimes: number;
  /** `REDIRECT_PRIORITY_ADJUST`. */
  priorityAdjust: number;
  logger: Logger;
}

export interface RedirectHop {
  /** Absolute URL to go to. */
  url: string;
  /** Recorded in `meta.redirect_reasons`: the status, or 'meta refresh'. */
  reason: number | string;
  /** Switch to GET without a body (303, POST on 301/302, meta refresh). */
  useGet: boolean;
  /** The response that redirects (a Set-Cookie on it makes a revisit legitimate). */
  response: Response;
}

const FOLLOWED_SCHEMES = new Set(['http:', 'https:']);
/** Headers that describe a body, dropped with it (Fetch's request-body-header names, plus Content-Length). */
const BODY_HEADERS = ['Content-Type', 'Content-Length', 'Content-Encoding', 'Content-Language', 'Content-Location'];

/** The request to schedule for a redirect; throws IgnoreRequest (reason `redirect_scheme`, `redirect_loop` or `redirect_max_times`) when it must not be followed. */
export function followRedirect(request: Request, hop: RedirectHop, policy: RedirectPolicy): Request {
  const from = new URL(request.url);
  const to = new URL(hop.url);
  if (!FOLLOWED_SCHEMES.has(to.protocol)) {
    throw new IgnoreRequest(`Refusing to follow redirect of ${request} to ${hop.url}: only http and https redirects are followed`, { reason: 'redirect_scheme' });
  }
  const redirected = buildRequest(request, from, to, hop.useGet);
  const chain: string[] = [...(request.meta.redirect_urls ?? []), request.url];
  // A revisit is a loop unless the hop changed the method (POST → GET) or set a cookie (a cookie check that bounces back).
  if (chain.includes(redirected.url) && redirected.method === request.method && !hop.response.headers.has('set-cookie')) {
    throw new IgnoreRequest(`Redirect loop: ${request} redirects back to ${redirected.url} (chain: ${[...chain, redirected.url].join(' -> ')})`, { reason: 'redirect_loop' });
  }
  request.meta.redirect_ttl ??= policy.maxTimes;
  const ttl: number = request.meta.redirect_ttl;
  const times = (Number(request.meta.redirect_times) || 0) + 1;
  if (!ttl || times > policy.maxTimes) {
    throw new IgnoreRequest(`Discarding ${request}: max redirections (${policy.maxTimes}) reached (chain: ${chain.join(' -> ')})`, { reason: 'redirect_max_times' });
  }
  Object.assign(redirected.meta, {
    redirect_times: times,
    redirect_ttl: ttl - 1,
    redirect_urls: chain,
    redirect_reasons: [...(request.meta.redirect_reasons ?? []), hop.reason],
  });
  redirected.priority = request.priority + policy.priorityAdjust;
  policy.logger.debug(`Redirecting (${hop.reason}) to ${redirected} from ${request}`);
  return redirected;
}

function buildRequest(request: Request, from: URL, to: URL, useGet: boolean): Request {
  const redirected = request.replace(useGet ? { url: to.href, method: 'GET', body: null } : { url: to.href });
  const { headers, meta } = redirected;
  if (useGet) for (const name of BODY_HEADERS) headers.delete(name);
  // Cookies are per host: kept on an upgrade to https, dropped on another host or a downgrade (as Scrapy).
  if (from.hostname !== to.hostname || (from.protocol !== to.protocol && to.protocol !== 'https:')) headers.delete('Cookie');
  // Credentials are per origin (Fetch): another scheme, host or port drops them.
  if (from.origin !== to.origin) headers.delete('Authorization');
  // A proxy picked for the old scheme (the proxy middleware marks it `_scheme_proxy`) is not the new scheme's: drop it and its credentials.
  if (from.protocol !== to.protocol && meta._scheme_proxy) {
    delete meta._scheme_proxy;
    delete meta.proxy;
    delete meta._auth_proxy;
    headers.delete('Proxy-Authorization');
  }
  return redirected;
}

/** Location values arrive as latin1 strings from Node; UTF-8 bytes in them are decoded back to text. */
export function decodeLocation(value: string): string {
  if (!/[\x80-\xff]/.test(value) || /[\u0100-\uffff]/.test(value)) return value;
  const utf8 = Buffer.from(value, 'latin1').toString('utf8');
  return utf8.includes('\ufffd') ? value : utf8;
}
