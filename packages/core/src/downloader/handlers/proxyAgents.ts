/**
 * Connections through proxies for the HTTP handler (`meta.proxy`), one
 * keep-alive pool per proxy, built on first use:
 * - http targets through an HTTP(S) proxy: absolute-form requests
 *   (`GET http://host/path`), Proxy-Authorization going to the proxy;
 * - https targets through an HTTP(S) proxy: a CONNECT tunnel (hpagent), with
 *   Proxy-Authorization moved from the request to the CONNECT;
 * - any target through SOCKS4(a)/SOCKS5(h) (socks-proxy-agent), credentials in
 *   the proxy URL.
 * Proxy-Authorization never reaches the target.
 */
import http from 'node:http';
import https from 'node:https';
import type { Agents, RequestFunction } from 'got';
import { HttpsProxyAgent } from 'hpagent';
import { SocksProxyAgent } from 'socks-proxy-agent';
import { DownloadError } from '../../errors.js';

type OutgoingHeaders = Record<string, string | string[] | undefined>;

/** The got options that route one request through its proxy. */
export interface ProxyRoute {
  agent: Agents;
  request?: RequestFunction;
}

const SOCKS_PROTOCOLS = new Set(['socks:', 'socks4:', 'socks4a:', 'socks5:', 'socks5h:']);

export class ProxyAgents {
  readonly #routes = new Map<string, { route: ProxyRoute; socks: boolean }>();
  readonly #agentOptions: http.AgentOptions;

  /** `agentOptions` apply to every pool (keep-alive, socket limits). TLS certificates are not verified, as in the direct handler. */
  constructor(agentOptions: http.AgentOptions) {
    this.#agentOptions = { ...agentOptions, rejectUnauthorized: false } as http.AgentOptions;
  }

  /**
   * Route a request for `targetUrl` through `proxyUrl`. Removes
   * Proxy-Authorization from `headers` when they would go to the target
   * (tunnels, SOCKS).
   */
  route(proxyUrl: string, targetUrl: string, headers: OutgoingHeaders): ProxyRoute {
    const tunnelled = targetUrl.charCodeAt(4) === 115; // 's': https://
    const auth = tunnelled ? takeProxyAuthorization(headers) : undefined;
    const key = tunnelled ? `${proxyUrl}\n${auth ?? ''}` : proxyUrl;
    let entry = this.#routes.get(key);
    if (!entry) {
      entry = this.#create(proxyUrl, tunnelled, auth, targetUrl);
      this.#routes.set(key, entry);
    }
    if (entry.socks && !tunnelled) takeProxyAuthorization(headers);
    return entry.route;
  }

  #create(proxyUrl: string, tunnelled: boolean, auth: string | undefined, targetUrl: string): { route: ProxyRoute; socks: boolean } {
    let proxy: URL;
    try {
      proxy = new URL(proxyUrl);
    } catch (error) {
      throw new DownloadError(`Invalid proxy URL ${JSON.stringify(proxyUrl)} for ${targetUrl}`, targetUrl, { cause: error, code: 'ERR_PROXY_URL' });
    }
    if (SOCKS_PROTOCOLS.has(proxy.protocol)) {
      const agent = new SocksProxyAgent(proxy, this.#agentOptions);
      // agent-base's agents serve both schemes (they add TLS themselves for https targets).
      return { route: { agent: { http: agent, https: agent as unknown as https.Agent } }, socks: true };
    }
    if (proxy.protocol !== 'http:' && proxy.protocol !== 'https:') {
      throw new DownloadError(`Unsupported proxy scheme '${proxy.protocol.slice(0, -1)}' in ${proxyUrl} for ${targetUrl}: use http, https, socks4, socks4a, socks5 or socks5h`, targetUrl, { code: 'ERR_PROXY_URL' });
    }
    // Credentials belong in Proxy-Authorization (HttpProxyMiddleware puts them there), not in the URL.
    proxy.username = '';
    proxy.password = '';
    if (tunnelled) {
      const agent = new HttpsProxyAgent({
        ...this.#agentOptions,
        proxy,
        proxyRequestOptions: { rejectUnauthorized: false, headers: auth === undefined ? {} : { 'proxy-authorization': auth } },
      });
      return { route: { agent: { https: agent } }, socks: false };
    }
    return { route: absoluteFormRoute(proxy, this.#agentOptions), socks: false };
  }

  destroy(): void {
    for (const { route } of this.#routes.values()) {
      if (route.agent.http) route.agent.http.destroy();
      if (route.agent.https) route.agent.https.destroy();
    }
    this.#routes.clear();
  }
}

/** Plain-http requests sent to the proxy itself, with the target's absolute URL as the request target. */
function absoluteFormRoute(proxy: URL, agentOptions: http.AgentOptions): ProxyRoute {
  const secure = proxy.protocol === 'https:';
  const agent = secure ? new https.Agent(agentOptions) : new http.Agent(agentOptions);
  const send = secure ? https.request : http.request;
  const port = Number(proxy.port) || (secure ? 443 : 80);
  // Object.assign, not a `{ ...options, ... }` literal: Node 20's V8 builds that one's hidden class anew on every call.
  const request = ((url: URL, options: https.RequestOptions, callback?: (res: http.IncomingMessage) => void) =>
    send(Object.assign({}, options, {
      protocol: proxy.protocol,
      hostname: proxy.hostname.replace(/^\[|\]$/g, ''),
      host: undefined,
      port,
      servername: secure ? proxy.hostname : undefined,
      path: `${url.origin}${url.pathname}${url.search}`,
      agent,
      setHost: false,
      headers: Object.assign({}, options.headers, { host: url.host }),
    }), callback)) as RequestFunction;
  return { agent: { http: agent }, request };
}

/** Remove Proxy-Authorization (any case) from `headers`, returning its value. */
function takeProxyAuthorization(headers: OutgoingHeaders): string | undefined {
  for (const name of Object.keys(headers)) {
    if (name.length === 19 && name.toLowerCase() === 'proxy-authorization') {
      const value = headers[name];
      delete headers[name];
      return Array.isArray(value) ? value[0] : value;
    }
  }
  return undefined;
}
