import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Crawler } from '../../engine/crawler.js';
import { Spider } from '../../spiders/spider.js';
import { Request } from '../../http/request.js';
import type { Response } from '../../http/response.js';
import { NotConfigured } from '../../errors.js';
import { HttpProxyMiddleware, parseProxy, proxiesFromEnvironment } from './httpProxy.js';
import { crawl, startServer, type TestServer } from '../../../test/support/testServer.js';
import { startHttpProxy, startHttpsServer, startSocks5Proxy, type HttpProxyServer, type HttpsTestServer, type SocksProxyServer } from '../../../test/support/testProxies.js';

const basic = (credentials: string) => `Basic ${Buffer.from(credentials, 'latin1').toString('base64')}`;

class NoSpider extends Spider {
  name = 'noop';
}

function middleware(env: Record<string, string> = {}, settings = {}): HttpProxyMiddleware {
  return new HttpProxyMiddleware(new Crawler(NoSpider, { LOG_ENABLED: false, ...settings }), env);
}

/** A spider that fetches `startUrl` with `meta`, follows its links with the same meta, and yields what it saw. */
function linkSpider(startUrl: string, meta: Record<string, unknown> = {}) {
  return class extends Spider {
    name = 'proxied';
    override async *start() {
      yield new Request({ url: startUrl, meta: { ...meta } });
    }
    override async *parse(response: Response & { css?: any }) {
      yield { url: response.url, status: response.status, proxy: response.meta.proxy ?? null };
      for (const href of response.css('a::attr(href)').getAll() as string[]) {
        yield response.follow(href, { meta: { ...meta } });
      }
    }
  };
}

describe('parseProxy', () => {
  it('moves HTTP credentials into a Basic Proxy-Authorization header', () => {
    expect(parseProxy('http://user:pa%20ss@proxy.example:3128', '')).toEqual({ url: 'http://proxy.example:3128', authorization: basic('user:pa ss') });
    expect(parseProxy('https://user@proxy.example:443/ignored/path', '')).toEqual({ url: 'https://proxy.example:443', authorization: basic('user:') });
    expect(parseProxy('http://proxy.example:3128', '')).toEqual({ url: 'http://proxy.example:3128', authorization: null });
  });

  it('takes the default scheme for a bare host:port, as urllib', () => {
    expect(parseProxy('proxy.example:3128', 'https')).toEqual({ url: 'https://proxy.example:3128', authorization: null });
    expect(parseProxy('u:p@proxy.example:3128', 'http')).toEqual({ url: 'http://proxy.example:3128', authorization: basic('u:p') });
  });

  it('keeps credentials in a SOCKS URL, where the SOCKS handshake uses them', () => {
    expect(parseProxy('socks5h://user:secret@127.0.0.1:1080', '')).toEqual({ url: 'socks5h://user:secret@127.0.0.1:1080', authorization: null });
  });

  it('encodes credentials with HTTPPROXY_AUTH_ENCODING', () => {
    expect(parseProxy('http://us%C3%A9r:p@h:1', '', 'utf8').authorization).toBe(`Basic ${Buffer.from('usér:p', 'utf8').toString('base64')}`);
  });

  it('rejects a scheme without an authority', () => {
    expect(() => parseProxy('http:/var/run/proxy.sock', '')).toThrow(/no authority/);
  });
});

describe('proxiesFromEnvironment', () => {
  it('reads *_proxy in any case, lower case winning, an empty lower-case value unsetting', () => {
    const proxies = proxiesFromEnvironment({ HTTP_PROXY: 'http://upper:1', http_proxy: 'http://lower:1', HTTPS_PROXY: 'http://secure:1', https_proxy: '', NO_PROXY: 'localhost' });
    expect(Object.fromEntries(proxies)).toEqual({ http: 'http://lower:1', no: 'localhost' });
  });

  it('ignores HTTP_PROXY under CGI', () => {
    expect(proxiesFromEnvironment({ HTTP_PROXY: 'http://evil:1', REQUEST_METHOD: 'GET' }).has('http')).toBe(false);
  });
});

describe('HttpProxyMiddleware', () => {
  it('is not configured when HTTPPROXY_ENABLED is false', () => {
    expect(() => middleware({}, { HTTPPROXY_ENABLED: false })).toThrow(NotConfigured);
  });

  it('applies environment proxies per scheme, except no_proxy hosts and meta.proxy = null', () => {
    const mw = middleware({ http_proxy: 'http://u:p@proxy:3128', https_proxy: 'proxy:3129', no_proxy: '.internal.example, localhost' });
    const viaEnv = new Request('http://example.com/');
    mw.processRequest(viaEnv);
    expect(viaEnv.meta.proxy).toBe('http://proxy:3128');
    expect(viaEnv.headers.get('Proxy-Authorization')).toBe(basic('u:p'));

    const secure = new Request('https://example.com/');
    mw.processRequest(secure);
    expect(secure.meta.proxy).toBe('https://proxy:3129');
    expect(secure.headers.has('Proxy-Authorization')).toBe(false);

    for (const url of ['http://internal.example/', 'http://a.internal.example/', 'http://LOCALHOST:8080/']) {
      const bypassed = new Request(url);
      mw.processRequest(bypassed);
      expect(bypassed.meta.proxy, url).toBeUndefined();
    }
    const direct = new Request({ url: 'http://example.com/', meta: { proxy: null } });
    mw.processRequest(direct);
    expect(direct.meta.proxy).toBeNull();
    expect(direct.headers.has('Proxy-Authorization')).toBe(false);
  });

  it('bypasses every host with no_proxy=*', () => {
    const request = new Request('http://example.com/');
    middleware({ http_proxy: 'http://proxy:3128', no_proxy: '*' }).processRequest(request);
    expect(request.meta.proxy).toBeUndefined();
  });

  it('drops Proxy-Authorization from URL credentials when the request moves to another proxy', () => {
    const mw = middleware();
    const request = new Request({ url: 'http://example.com/', meta: { proxy: 'http://u:p@one:1' } });
    mw.processRequest(request);
    expect(request.meta.proxy).toBe('http://one:1');
    expect(request.headers.get('Proxy-Authorization')).toBe(basic('u:p'));
    mw.processRequest(request); // a retry through the same proxy keeps it
    expect(request.headers.get('Proxy-Authorization')).toBe(basic('u:p'));
    request.meta.proxy = 'http://two:2';
    mw.processRequest(request);
    expect(request.headers.has('Proxy-Authorization')).toBe(false);
    expect(request.meta._auth_proxy).toBeUndefined();
  });

  it('binds a user-set Proxy-Authorization to the first proxy, and drops it without a proxy', () => {
    const mw = middleware();
    const request = new Request({ url: 'http://example.com/', headers: { 'Proxy-Authorization': 'Basic mine' }, meta: { proxy: 'http://one:1' } });
    mw.processRequest(request);
    expect(request.headers.get('Proxy-Authorization')).toBe('Basic mine');
    request.meta.proxy = 'http://two:2';
    mw.processRequest(request);
    expect(request.headers.has('Proxy-Authorization')).toBe(false);

    const unproxied = new Request({ url: 'http://example.com/', headers: { 'Proxy-Authorization': 'Basic mine' } });
    mw.processRequest(unproxied);
    expect(unproxied.headers.has('Proxy-Authorization')).toBe(false);
  });
});

describe('proxied crawls', () => {
  let target: TestServer;
  let secureTarget: HttpsTestServer;
  let httpProxy: HttpProxyServer;
  let socks: SocksProxyServer;
  let socksWithAuth: SocksProxyServer;
  const env = { http_proxy: process.env.http_proxy, no_proxy: process.env.no_proxy };

  beforeAll(async () => {
    target = await startServer((req, res) => {
      const links = req.url === '/' ? '<a href="/a">a</a><a href="/b">b</a>' : '';
      res.writeHead(200, { 'Content-Type': 'text/html' }).end(`<title>${req.url}</title>${links}`);
    });
    secureTarget = await startHttpsServer();
    httpProxy = await startHttpProxy({ authorization: basic('alice:s3cret') });
    socks = await startSocks5Proxy();
    socksWithAuth = await startSocks5Proxy({ bob: 'hunter2' });
  });
  afterAll(async () => {
    await Promise.all([target.close(), secureTarget.close(), httpProxy.close(), socks.close(), socksWithAuth.close()]);
  });
  afterEach(() => {
    for (const [name, value] of Object.entries(env)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  const targetPaths = () => target.received.map((r) => r.path).sort();

  it('sends http requests to an HTTP proxy in absolute form, with Proxy-Authorization from the proxy URL', async () => {
    target.received.length = 0;
    const proxy = `http://alice:s3cret@127.0.0.1:${httpProxy.port}`;
    const result = await crawl(linkSpider(`${target.url}/`, { proxy }), { CONCURRENT_REQUESTS: 1 });
    expect(result.items.map((item) => item.url).sort()).toEqual([`${target.url}/`, `${target.url}/a`, `${target.url}/b`]);
    expect(result.items.every((item) => item.proxy === httpProxy.url)).toBe(true);
    expect(new Set(httpProxy.requests.map((r) => r.clientPort)).size).toBe(1); // one kept-alive connection
    expect(httpProxy.requests.map((r) => r.url).sort()).toEqual([`${target.url}/`, `${target.url}/a`, `${target.url}/b`]);
    expect(httpProxy.requests.every((r) => r.headers['proxy-authorization'] === basic('alice:s3cret'))).toBe(true);
    expect(httpProxy.requests[0]!.headers.host).toBe(new URL(target.url).host);
    expect(targetPaths()).toEqual(['/', '/a', '/b']);
    expect(target.received.some((r) => 'proxy-authorization' in r.headers)).toBe(false);
  });

  it('tunnels https requests with CONNECT, Proxy-Authorization on the CONNECT only', async () => {
    httpProxy.connects.length = 0;
    const proxy = `http://alice:s3cret@127.0.0.1:${httpProxy.port}`;
    const result = await crawl(linkSpider(`${secureTarget.url}/page`, { proxy }));
    expect(result.items).toEqual([{ url: `${secureTarget.url}/page`, status: 200, proxy: httpProxy.url }]);
    expect(httpProxy.connects).toHaveLength(1);
    expect(httpProxy.connects[0]!.target).toBe(new URL(secureTarget.url).host);
    expect(httpProxy.connects[0]!.headers['proxy-authorization']).toBe(basic('alice:s3cret'));
    expect(secureTarget.received.map((r) => r.path)).toContain('/page');
    expect(secureTarget.received.some((r) => 'proxy-authorization' in r.headers)).toBe(false);
  });

  it('fails the request alone when the proxy refuses the credentials', async () => {
    const proxy = `http://alice:wrong@127.0.0.1:${httpProxy.port}`;
    const result = await crawl(linkSpider(`${secureTarget.url}/refused`, { proxy }), { RETRY_ENABLED: false });
    expect(result.items).toEqual([]);
    expect(result.stat('downloader/exception_count')).toBe(1);
  });

  it('speaks TLS to an https:// proxy, for absolute-form requests and CONNECT tunnels', async () => {
    const tlsProxy = await startHttpProxy({ tls: true });
    try {
      class Both extends Spider {
        name = 'tls-proxy';
        override async *start() {
          yield new Request({ url: `${target.url}/plain`, meta: { proxy: tlsProxy.url } });
          yield new Request({ url: `${secureTarget.url}/tunnelled`, meta: { proxy: tlsProxy.url } });
        }
        override parse(response: Response) {
          return [{ url: response.url, status: response.status }];
        }
      }
      const result = await crawl(Both);
      expect(result.items.map((item) => item.url).sort()).toEqual([`${secureTarget.url}/tunnelled`, `${target.url}/plain`].sort());
      expect(tlsProxy.requests.map((r) => r.url)).toEqual([`${target.url}/plain`]);
      expect(tlsProxy.connects.map((c) => c.target)).toEqual([new URL(secureTarget.url).host]);
    } finally {
      await tlsProxy.close();
    }
  });

  it('crawls through a SOCKS5 proxy, resolving names locally (socks5)', async () => {
    target.received.length = 0;
    socks.connects.length = 0;
    const result = await crawl(linkSpider(`${target.url}/`, { proxy: socks.url }), { CONCURRENT_REQUESTS: 1 });
    expect(result.items.map((item) => item.url).sort()).toEqual([`${target.url}/`, `${target.url}/a`, `${target.url}/b`]);
    expect(targetPaths()).toEqual(['/', '/a', '/b']);
    expect(socks.connects).toHaveLength(1); // one kept-alive tunnel for the three requests
    expect(socks.connects.every((c) => c.host === '127.0.0.1' && c.port === Number(new URL(target.url).port) && c.user === null)).toBe(true);
  });

  it('crawls through a SOCKS5 proxy with username/password, the proxy resolving names (socks5h)', async () => {
    target.received.length = 0;
    socksWithAuth.connects.length = 0;
    const proxy = `socks5h://bob:hunter2@127.0.0.1:${socksWithAuth.port}`;
    const result = await crawl(linkSpider(`${target.altUrl}/`, { proxy }));
    expect(result.items.map((item) => item.url).sort()).toEqual([`${target.altUrl}/`, `${target.altUrl}/a`, `${target.altUrl}/b`]);
    expect(result.items.every((item) => item.proxy === proxy)).toBe(true);
    expect(socksWithAuth.connects.length).toBeGreaterThan(0);
    expect(socksWithAuth.connects.every((c) => c.host === 'localhost' && c.user === 'bob' && c.password === 'hunter2')).toBe(true);
    expect(target.received.some((r) => 'proxy-authorization' in r.headers)).toBe(false);
  });

  it('fetches https through SOCKS5, with TLS end to end', async () => {
    socks.connects.length = 0;
    const result = await crawl(linkSpider(`${secureTarget.url}/over-socks`, { proxy: socks.url }));
    expect(result.items).toEqual([{ url: `${secureTarget.url}/over-socks`, status: 200, proxy: socks.url }]);
    expect(socks.connects.map((c) => c.port)).toEqual([Number(new URL(secureTarget.url).port)]);
  });

  it('refuses SOCKS clients with wrong credentials: the request fails, the crawl goes on', async () => {
    const proxy = `socks5://bob:wrong@127.0.0.1:${socksWithAuth.port}`;
    const result = await crawl(linkSpider(`${target.url}/denied`, { proxy }), { RETRY_ENABLED: false });
    expect(result.items).toEqual([]);
    expect(result.stat('downloader/exception_count')).toBe(1);
  });

  it('uses http_proxy from the environment, except for no_proxy hosts', async () => {
    process.env.http_proxy = `http://alice:s3cret@127.0.0.1:${httpProxy.port}`;
    process.env.no_proxy = 'localhost';
    httpProxy.requests.length = 0;
    class Both extends Spider {
      name = 'env';
      override async *start() {
        yield new Request(`${target.url}/via-proxy`);
        yield new Request(`${target.altUrl}/direct`);
      }
      override parse(response: Response) {
        return [{ url: response.url, proxy: response.meta.proxy ?? null }];
      }
    }
    const result = await crawl(Both);
    expect(result.items.sort((a, b) => a.url.localeCompare(b.url))).toEqual([
      { url: `${target.url}/via-proxy`, proxy: httpProxy.url },
      { url: `${target.altUrl}/direct`, proxy: null },
    ].sort((a, b) => a.url.localeCompare(b.url)));
    expect(httpProxy.requests.map((r) => r.url)).toEqual([`${target.url}/via-proxy`]);
  });

  it('reports an unsupported proxy scheme as a download error', async () => {
    const result = await crawl(linkSpider(`${target.url}/ftp-proxy`, { proxy: 'ftp://127.0.0.1:21' }), { RETRY_ENABLED: false });
    expect(result.items).toEqual([]);
    expect(result.log).toMatch(/Unsupported proxy scheme 'ftp'/);
  });
});
