import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSite, type TestSite } from '@arachne/testsite';
import { Spider } from '../../spiders/spider.js';
import { Request, type RequestInit } from '../../http/request.js';
import { Response } from '../../http/response.js';
import { Crawler } from '../../engine/crawler.js';
import type { SettingsInput } from '../../settings/settings.js';
import { CookiesMiddleware } from './cookies.js';
import { crawl, startServer, type TestServer } from '../../../test/support/testServer.js';

interface Step {
  url: string;
  /** What /cookies/echo saw, when the step ended there. */
  cookies: Record<string, string> | null;
}

/** Fetch `steps` one after the other (each once the previous is parsed) and report what each one ended on. */
async function runSteps(steps: RequestInit[], settings: SettingsInput = {}) {
  class Steps extends Spider {
    name = 'cookies';
    override async *start() {
      yield this.request(0);
    }
    request(index: number): Request {
      return new Request({ ...steps[index]!, dontFilter: true, callback: 'step', cbKwargs: { index } });
    }
    async *step(response: Response, { index }: { index: number }) {
      let cookies: Record<string, string> | null = null;
      if (new URL(response.url).pathname === '/cookies/echo') cookies = JSON.parse(response.body.toString('utf8')).cookies;
      yield { index, url: response.url, cookies };
      if (index + 1 < steps.length) yield this.request(index + 1);
    }
  }
  const result = await crawl(Steps, settings);
  const byIndex = [...result.items].sort((a, b) => a.index - b.index) as Array<Step & { index: number }>;
  expect(byIndex.map((item) => item.index)).toEqual(steps.map((_, i) => i));
  return { ...result, steps: byIndex };
}

describe('CookiesMiddleware on the test site', () => {
  let site: TestSite;
  beforeAll(async () => {
    site = await startTestSite();
  });
  afterAll(() => site.close());

  const cookieHeadersSent = (path: string) => site.requests.filter((request) => request.path === path).map((request) => request.headers.cookie);

  it('stores Set-Cookie and sends the cookies back to the same host only', async () => {
    const { steps } = await runSteps([
      { url: `${site.url}/cookies/set?session=abc&theme=dark` },
      { url: `${site.url}/cookies/echo` },
      { url: `${site.altUrl}/cookies/echo` },
      { url: `${site.altUrl}/cookies/set?session=other` },
      { url: `${site.url}/cookies/echo` },
      { url: `${site.altUrl}/cookies/echo` },
    ]);
    expect(steps[1]!.cookies).toEqual({ session: 'abc', theme: 'dark' });
    expect(steps[2]!.cookies).toEqual({});
    expect(steps[4]!.cookies).toEqual({ session: 'abc', theme: 'dark' });
    expect(steps[5]!.cookies).toEqual({ session: 'other' });
  });

  it('keeps one jar per meta.cookiejar key', async () => {
    const { steps } = await runSteps([
      { url: `${site.url}/cookies/set?user=alice`, meta: { cookiejar: 1 } },
      { url: `${site.url}/cookies/set?user=bob`, meta: { cookiejar: 'b' } },
      { url: `${site.url}/cookies/echo`, meta: { cookiejar: 1 } },
      { url: `${site.url}/cookies/echo`, meta: { cookiejar: 'b' } },
      { url: `${site.url}/cookies/echo` },
    ]);
    expect(steps.slice(2).map((step) => step.cookies)).toEqual([{ user: 'alice' }, { user: 'bob' }, {}]);
  });

  it('neither reads nor writes the jar with meta.dont_merge_cookies, but sends the request cookies', async () => {
    const { steps } = await runSteps([
      { url: `${site.url}/cookies/set?kept=1` },
      { url: `${site.url}/cookies/set?ignored=1`, meta: { dont_merge_cookies: true } },
      { url: `${site.url}/cookies/echo`, meta: { dont_merge_cookies: true } },
      { url: `${site.url}/cookies/echo`, meta: { dont_merge_cookies: true }, cookies: { oneOff: 'yes' }, headers: { Cookie: 'manual=1' } },
      { url: `${site.url}/cookies/echo` },
    ]);
    expect(steps[2]!.cookies).toEqual({});
    expect(steps[3]!.cookies).toEqual({ manual: '1', oneOff: 'yes' });
    expect(steps[4]!.cookies).toEqual({ kept: '1' });
  });

  it('stores Request cookies in the jar for the request URL (map or list, with domain and path)', async () => {
    const { steps } = await runSteps([
      { url: `${site.url}/cookies/echo`, cookies: { a: '1', b: 'x y' } },
      { url: `${site.url}/cookies/echo` },
      { url: `${site.altUrl}/cookies/echo` },
      { url: `${site.url}/cookies/echo`, cookies: [{ name: 'onLocalhost', value: '1', domain: 'localhost', path: '/' }, { name: 'elsewhere', value: '1', path: '/other' }] },
      { url: `${site.altUrl}/cookies/echo` },
      { url: `${site.url}/cookies/echo`, cookies: { a: '2' } },
    ]);
    expect(steps[0]!.cookies).toEqual({ a: '1', b: 'x y' });
    expect(steps[1]!.cookies).toEqual({ a: '1', b: 'x y' });
    expect(steps[2]!.cookies).toEqual({});
    expect(steps[3]!.cookies).toEqual({ a: '1', b: 'x y' }); // a cookie for another domain is refused; /other is not this path
    expect(steps[4]!.cookies).toEqual({});
    expect(steps[5]!.cookies).toEqual({ a: '2', b: 'x y' });
  });

  it('keeps a Cookie header set on the request, first and winning over the jar, without storing it', async () => {
    const { steps } = await runSteps([
      { url: `${site.url}/cookies/set?session=abc&theme=dark` },
      { url: `${site.url}/cookies/echo`, headers: { Cookie: 'manual=1; session=mine' } },
      { url: `${site.url}/cookies/echo` },
    ]);
    expect(steps[1]!.cookies).toEqual({ manual: '1', session: 'mine', theme: 'dark' });
    expect(cookieHeadersSent('/cookies/echo').at(-2)).toBe('manual=1; session=mine; theme=dark');
    expect(steps[2]!.cookies).toEqual({ session: 'abc', theme: 'dark' });
  });

  it('sends cookies on redirects to the same host, and drops them (the user header included) on another host', async () => {
    const sameHost = `${site.url}/redirect/302?to=/cookies/echo`;
    const otherHost = `${site.url}/redirect/cross-host?to=/cookies/echo`;
    const { steps } = await runSteps([
      { url: `${site.url}/cookies/set?session=abc` },
      { url: sameHost, headers: { Cookie: 'manual=1' } },
      { url: otherHost, headers: { Cookie: 'manual=1' } },
      { url: otherHost, cookies: { given: '1' } },
      { url: `${site.altUrl}/cookies/echo` },
    ]);
    expect(steps[1]!.cookies).toEqual({ manual: '1', session: 'abc' });
    expect(steps[2]!.url).toBe(`${site.altUrl}/cookies/echo`);
    expect(steps[2]!.cookies).toEqual({});
    expect(steps[3]!.cookies).toEqual({});
    expect(steps[4]!.cookies).toEqual({});
  });

  it('is off with COOKIES_ENABLED = false', async () => {
    const { steps, crawler } = await runSteps([{ url: `${site.url}/cookies/set?session=abc` }, { url: `${site.url}/cookies/echo` }], { COOKIES_ENABLED: false });
    expect(steps[1]!.cookies).toEqual({});
    expect(crawler.engine.downloader.middleware.middlewares.some((mw) => mw instanceof CookiesMiddleware)).toBe(false);
  });

  it('logs Cookie and Set-Cookie headers with COOKIES_DEBUG', async () => {
    const { log } = await runSteps([{ url: `${site.url}/cookies/set?session=abc` }, { url: `${site.url}/cookies/echo` }], { COOKIES_DEBUG: true });
    expect(log).toContain(`Received cookies from: <200 ${site.url}/cookies/set?session=abc>\nSet-Cookie: session=abc; Path=/\n`);
    expect(log).toContain(`Sending cookies to: <GET ${site.url}/cookies/echo>\nCookie: session=abc\n`);
    const quiet = await runSteps([{ url: `${site.url}/cookies/set?session=abc` }, { url: `${site.url}/cookies/echo` }]);
    expect(quiet.log).not.toContain('Sending cookies to');
  });
});

describe('CookiesMiddleware across redirects that set cookies', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer((req, res) => {
      const echo = () => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ cookies: Object.fromEntries((req.headers.cookie ?? '').split('; ').filter(Boolean).map((pair) => pair.split('='))) }));
      if (req.url === '/login') res.writeHead(302, { Location: '/cookies/echo', 'Set-Cookie': ['auth=ok; Path=/; HttpOnly', 'version=2; Path=/'] }).end();
      else if (req.url === '/start') res.writeHead(200, { 'Set-Cookie': 'version=1; Path=/', 'Content-Type': 'text/html' }).end('<p>start</p>');
      else echo();
    });
  });
  afterAll(() => server.close());

  it('sends the cookies a redirect response set, never the stale values the copied header held', async () => {
    const { steps } = await runSteps([
      { url: `${server.url}/start` },
      { url: `${server.url}/login`, headers: { Cookie: 'manual=1' } },
    ]);
    expect(steps[1]!.cookies).toEqual({ manual: '1', version: '2', auth: 'ok' });
    expect(server.received.at(-1)!.headers.cookie).toBe('manual=1; version=2; auth=ok');
  });
});

describe('CookiesMiddleware jar rules', () => {
  class S extends Spider {
    name = 'cookies';
  }
  const middleware = () => new CookiesMiddleware(new Crawler(S, { LOG_ENABLED: false }));
  const cookieFor = (mw: CookiesMiddleware, url: string) => {
    const request = new Request(url);
    mw.processRequest(request);
    return request.headers.get('Cookie');
  };

  it('lets a host that is a public suffix set a cookie for itself only, and refuses cookies for a public suffix', () => {
    const mw = middleware();
    const respond = (url: string, setCookie: string) => mw.processResponse(new Request(url), new Response({ url, headers: { 'Set-Cookie': setCookie } }));
    respond('http://github.io/', 'own=1; Domain=github.io; Path=/');
    respond('http://www.example.com/', 'wide=1; Domain=com; Path=/');
    respond('http://www.example.com/', 'site=1; Domain=.example.com; Path=/');
    expect(cookieFor(mw, 'http://github.io/page')).toBe('own=1');
    expect(cookieFor(mw, 'http://user.github.io/page')).toBeNull();
    expect(cookieFor(mw, 'http://other.com/')).toBeNull();
    expect(cookieFor(mw, 'http://shop.example.com/')).toBe('site=1');
  });

  it('honours Secure, path and expiry', () => {
    const mw = middleware();
    const url = 'https://example.com/account/login';
    mw.processResponse(new Request(url), new Response({
      url,
      headers: { 'Set-Cookie': ['secret=1; Secure; Path=/', 'scoped=1', 'gone=1; Path=/; Max-Age=0', 'old=1; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT'] },
    }));
    expect(cookieFor(mw, 'https://example.com/account/page')).toBe('scoped=1; secret=1'); // longer paths first (RFC 6265 §5.4)
    expect(cookieFor(mw, 'https://example.com/')).toBe('secret=1');
    expect(cookieFor(mw, 'http://example.com/account/page')).toBe('scoped=1');
  });

  it('gives access to a session jar', () => {
    const mw = middleware();
    mw.jar('api').setCookieSync('token=t; Path=/', 'http://example.com/');
    const request = new Request({ url: 'http://example.com/x', meta: { cookiejar: 'api' } });
    mw.processRequest(request);
    expect(request.headers.get('Cookie')).toBe('token=t');
    expect(cookieFor(mw, 'http://example.com/x')).toBeNull();
  });
});
