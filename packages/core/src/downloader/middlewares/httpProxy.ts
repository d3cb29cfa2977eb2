/**
 * Proxies, as Scrapy's HttpProxyMiddleware: `meta.proxy` per request (`null`
 * sends one request direct), else the environment's `http_proxy` /
 * `https_proxy` (read once, at start), minus hosts in `no_proxy`. Credentials
 * in an HTTP(S) proxy URL become a `Proxy-Authorization: Basic` header and
 * leave the URL; a SOCKS proxy URL keeps them (SOCKS authenticates in its own
 * handshake). The download handler does the routing.
 */
import type { CrawlerContext } from '../../component/context.js';
import type { Request } from '../../http/request.js';
import { NotConfigured, SettingsError } from '../../errors.js';
import type { DownloaderMiddleware } from '../middlewareManager.js';
import { DomainSet } from './domains.js';

/** A proxy URL without HTTP credentials, and the Proxy-Authorization value they make (null without). */
export interface ProxyConfig {
  url: string;
  authorization: string | null;
}

type Environment = Record<string, string | undefined>;

export class HttpProxyMiddleware implements DownloaderMiddleware {
  readonly #encoding: BufferEncoding;
  readonly #proxies = new Map<string, ProxyConfig>();
  /** Hosts (with their subdomains) that `no_proxy` sends direct; '*' is every host. */
  readonly #noProxy: DomainSet | '*';

  /** `env` is for tests; the crawl reads `process.env`. */
  constructor(crawler: CrawlerContext, env: Environment = process.env) {
    const { settings } = crawler;
    if (!settings.get('HTTPPROXY_ENABLED')) throw new NotConfigured('HTTPPROXY_ENABLED is false');
    this.#encoding = bufferEncoding(settings.get('HTTPPROXY_AUTH_ENCODING'));
    const fromEnv = proxiesFromEnvironment(env);
    for (const scheme of ['http', 'https']) {
      const value = fromEnv.get(scheme);
      if (value === undefined) continue;
      try {
        this.#proxies.set(scheme, parseProxy(value, scheme, this.#encoding));
      } catch {
        // As Scrapy: a value that is no proxy URL (a socket path, say) is skipped.
      }
    }
    const noProxy = fromEnv.get('no') ?? '';
    this.#noProxy = noProxy.trim() === '*' ? '*' : new DomainSet(noProxy.split(',').map((name) => name.trim()));
  }

  processRequest(request: Request): null {
    const meta = request.meta;
    let proxy: ProxyConfig | null = null;
    if ('proxy' in meta) {
      if (meta.proxy != null) proxy = parseProxy(String(meta.proxy), 'http', this.#encoding);
    } else if (this.#proxies.size > 0) {
      const target = new URL(request.url);
      const scheme = target.protocol.slice(0, -1);
      const bypassed = (scheme === 'http' || scheme === 'https') && this.#bypasses(target.hostname);
      if (!bypassed) proxy = this.#proxies.get(scheme) ?? null;
    }
    applyProxy(request, proxy);
    return null;
  }

  #bypasses(hostname: string): boolean {
    return this.#noProxy === '*' || this.#noProxy.has(hostname.replace(/^\[|\]$/g, ''));
  }
}

/**
 * Set `meta.proxy` and Proxy-Authorization, as Scrapy: the header follows the
 * proxy whose URL carried the credentials (`meta._auth_proxy`) and is dropped
 * when the request moves to another proxy; a header the user set goes only to
 * the proxy the request first went through.
 */
function applyProxy(request: Request, proxy: ProxyConfig | null): void {
  const { meta, headers } = request;
  if (proxy) meta.proxy = proxy.url;
  else if (meta.proxy != null) meta.proxy = null;
  const url = proxy?.url ?? null;
  if (proxy?.authorization) {
    headers.set('Proxy-Authorization', proxy.authorization);
    meta._auth_proxy = url;
  } else if ('_auth_proxy' in meta) {
    if (url !== meta._auth_proxy) {
      headers.delete('Proxy-Authorization');
      delete meta._auth_proxy;
    }
  } else if (headers.has('Proxy-Authorization')) {
    if (url) meta._auth_proxy = url;
    else headers.delete('Proxy-Authorization');
  }
}

/**
 * Parse a proxy as Python's urllib does: `scheme://[user[:pass]@]host[:port][/...]`
 * or a bare `[user[:pass]@]host:port` (scheme `defaultScheme`). Throws on a
 * URL with a scheme but no `//authority`.
 */
export function parseProxy(value: string, defaultScheme: string, encoding: BufferEncoding = 'latin1'): ProxyConfig {
  const match = /^([^/:]+):(.*)$/s.exec(value);
  let scheme = '';
  let authority = value;
  if (match && match[2]!.startsWith('/')) {
    const rest = match[2]!;
    if (!rest.startsWith('//')) throw new TypeError(`proxy URL with no authority: ${JSON.stringify(value)}`);
    scheme = match[1]!.toLowerCase();
    const at = rest.indexOf('@');
    const end = rest.indexOf('/', at === -1 ? 2 : at);
    authority = rest.slice(2, end === -1 ? undefined : end);
  }
  scheme ||= defaultScheme;
  const at = authority.lastIndexOf('@');
  const hostPort = authority.slice(at + 1);
  if (at === -1) return { url: `${scheme}://${hostPort}`, authorization: null };
  const userInfo = authority.slice(0, at);
  if (scheme.startsWith('socks')) return { url: `${scheme}://${userInfo}@${hostPort}`, authorization: null };
  const colon = userInfo.indexOf(':');
  const user = colon === -1 ? userInfo : userInfo.slice(0, colon);
  const password = colon === -1 ? '' : userInfo.slice(colon + 1);
  if (!user) return { url: `${scheme}://${hostPort}`, authorization: null };
  const credentials = Buffer.from(`${unquote(user)}:${unquote(password)}`, encoding).toString('base64');
  return { url: `${scheme}://${hostPort}`, authorization: `Basic ${credentials}` };
}

/**
 * `*_proxy` variables by scheme, as Python's `getproxies()`: names match in
 * any case, a lower-case variable wins over its upper-case twin (an empty one
 * unsets it), and `HTTP_PROXY` is ignored under CGI (`REQUEST_METHOD` set).
 */
export function proxiesFromEnvironment(env: Environment): Map<string, string> {
  const proxies = new Map<string, string>();
  for (const [name, value] of Object.entries(env)) {
    if (value && name.toLowerCase().endsWith('_proxy')) proxies.set(name.slice(0, -6).toLowerCase(), value);
  }
  if ('REQUEST_METHOD' in env) proxies.delete('http');
  for (const [name, value] of Object.entries(env)) {
    if (!name.endsWith('_proxy')) continue;
    const scheme = name.slice(0, -6).toLowerCase();
    if (value) proxies.set(scheme, value);
    else proxies.delete(scheme);
  }
  return proxies;
}

function unquote(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Node's name for a Python-style encoding name (`latin-1`, `utf-8`, ...). */
function bufferEncoding(name: string): BufferEncoding {
  const normalized = name.toLowerCase().replace(/[-_\s]/g, '');
  const encoding = normalized === 'iso88591' ? 'latin1' : normalized;
  if (!Buffer.isEncoding(encoding)) throw new SettingsError(`HTTPPROXY_AUTH_ENCODING: unknown encoding ${JSON.stringify(name)}`);
  return encoding;
}
