/**
 * `meta.proxy` for a browser request. Chromium takes a proxy per browser
 * context, so a request's proxy is part of the context it renders in. The
 * proxy middleware has moved an HTTP proxy's credentials into a
 * `Proxy-Authorization: Basic` header; they go back to Playwright as a user
 * name and password, and the header never reaches the site.
 */
import { DownloadError, type Request } from '@arachne/core';

export interface BrowserProxy {
  server: string;
  username?: string;
  password?: string;
  /** Chromium sends requests for loopback addresses direct unless told otherwise; `meta.proxy` means every request. */
  bypass: string;
}

/** The proxy of a browser request; `authEncoding` is how the proxy middleware encoded the credentials (`HTTPPROXY_AUTH_ENCODING`). */
export function browserProxy(request: Request, authEncoding: BufferEncoding): BrowserProxy | null {
  const proxy: unknown = request.meta.proxy;
  if (proxy === undefined || proxy === null || proxy === '') return null;
  let url: URL;
  try {
    url = new URL(String(proxy));
  } catch (error) {
    throw new DownloadError(`Invalid proxy URL ${JSON.stringify(proxy)} for ${request.url}`, request.url, { cause: error, code: 'ERR_PROXY_URL' });
  }
  const socks = url.protocol.startsWith('socks');
  if (socks && (url.username || url.password)) {
    throw new DownloadError(`Chromium cannot authenticate to a SOCKS proxy (${url.host}) for ${request.url}: use an HTTP proxy, or one without credentials`, request.url, { code: 'ERR_PROXY_AUTH' });
  }
  const settings: BrowserProxy = { server: `${url.protocol}//${url.host}`, bypass: '<-loopback>' };
  const credentials = basicCredentials(request.headers.get('proxy-authorization'), authEncoding);
  if (credentials) Object.assign(settings, credentials);
  return settings;
}

/** A key that tells proxies apart for the context they belong to. */
export function proxyKey(proxy: BrowserProxy | null): string {
  return proxy ? `${proxy.server} ${proxy.username ?? ''}` : '';
}

function basicCredentials(header: string | null, encoding: BufferEncoding): { username: string; password: string } | null {
  const match = header ? /^\s*basic\s+(\S+)\s*$/i.exec(header) : null;
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, 'base64').toString(encoding);
  const colon = decoded.indexOf(':');
  return colon === -1 ? { username: decoded, password: '' } : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
