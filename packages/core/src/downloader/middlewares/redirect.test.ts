import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Spider } from '../../spiders/spider.js';
import { Request, type RequestInit } from '../../http/request.js';
import type { Response } from '../../http/response.js';
import { crawl, startServer, type TestServer } from '../../../test/support/testServer.js';

describe('RedirectMiddleware', () => {
  let server: TestServer;
  const hitsByPath = new Map<string, number>();
  beforeAll(async () => {
    server = await startServer((req, res) => {
      const url = new URL(req.url ?? '/', server.url);
      const hits = (hitsByPath.get(url.pathname) ?? 0) + 1;
      hitsByPath.set(url.pathname, hits);
      const to = url.searchParams.get('to');
      const status = Number(url.searchParams.get('status') ?? 302);
      if (url.pathname === '/loop-a' || url.pathname === '/loop-b') {
        res.writeHead(302, { Location: url.pathname === '/loop-a' ? '/loop-b' : '/loop-a' }).end();
      } else if (url.pathname === '/cookie-check' && hits === 1) {
        res.writeHead(302, { Location: '/cookie-check', 'Set-Cookie': 'seen=1' }).end();
      } else if (to !== null) {
        res.writeHead(status, { Location: to }).end();
      } else {
        res.writeHead(200, { 'Content-Type': 'text/plain' }).end('landed');
      }
    });
  });
  afterAll(() => server.close());

  const redirect = (to: string, status = 302) => `${server.url}/redirect?status=${status}&to=${encodeURIComponent(to)}`;

  /** Crawl one request; the callback records what arrived. */
  async function follow(init: RequestInit, settings: Record<string, unknown> = {}, spiderFields: Record<string, unknown> = {}) {
    class S extends Spider {
      name = 'redirect';
      override async *start() {
        yield new Request(init);
      }
      override parse(response: Response) {
        return [{
          url: response.url,
          status: response.status,
          method: response.request.method,
          redirectUrls: response.meta.redirect_urls,
          redirectReasons: response.meta.redirect_reasons,
          redirectTimes: response.meta.redirect_times,
        }];
      }
    }
    Object.assign(S.prototype, spiderFields);
    return crawl(S, settings);
  }

  const received = (pathname: string) => server.received.filter((r) => r.path.split('?')[0] === pathname);

  it('follows a chain of redirects and records it in meta', async () => {
    const final = `${server.url}/final`;
    const hop2 = redirect(final, 307);
    const hop1 = redirect(hop2, 301);
    const result = await follow({ url: redirect(hop1, 302) });
    expect(result.items).toEqual([{
      url: final,
      status: 200,
      method: 'GET',
      redirectUrls: [redirect(hop1, 302), hop1, hop2],
      redirectReasons: [302, 301, 307],
      redirectTimes: 3,
    }]);
    expect(result.log).toMatch(/DEBUG: Redirecting \(302\) to <GET .*> from <GET .*>/);
  });

  it('resolves relative and scheme-relative Location values', async () => {
    const relative = await follow({ url: `${server.url}/redirect?to=${encodeURIComponent('../landing/page?x=1')}` });
    expect(relative.items[0]!.url).toBe(`${server.url}/landing/page?x=1`);
    const schemeRelative = await follow({ url: `${server.url}/redirect?to=${encodeURIComponent(`//localhost:${new URL(server.url).port}/other`)}` });
    expect(schemeRelative.items[0]!.url).toBe(`${server.altUrl}/other`);
  });

  // Requests that the dupefilter checks never loop (a revisit is a duplicate); dontFilter ones (start URLs) could, 20 hops long.
  it('drops a redirect loop of a dontFilter request with reason redirect_loop', async () => {
    const result = await follow({ url: `${server.url}/loop-a`, dontFilter: true });
    expect(result.items).toEqual([]);
    expect(result.stat('request_dropped_reasons_count/redirect_loop')).toBe(1);
    expect(received('/loop-a')).toHaveLength(1);
    expect(result.log).toContain(`Redirect loop: <GET ${server.url}/loop-b> redirects back to ${server.url}/loop-a (chain: ${server.url}/loop-a -> ${server.url}/loop-b -> ${server.url}/loop-a)`);
  });

  it('lets a redirect back to the same URL through when it set a cookie (a cookie check)', async () => {
    const result = await follow({ url: `${server.url}/cookie-check`, dontFilter: true });
    expect(result.items).toMatchObject([{ url: `${server.url}/cookie-check`, status: 200, redirectTimes: 1 }]);
  });

  it('stops at REDIRECT_MAX_TIMES with reason redirect_max_times', async () => {
    let url = `${server.url}/too-far`;
    for (let i = 0; i < 4; i++) url = redirect(url);
    const result = await follow({ url }, { REDIRECT_MAX_TIMES: 3 });
    expect(result.items).toEqual([]);
    expect(result.stat('request_dropped_reasons_count/redirect_max_times')).toBe(1);
    expect(result.log).toMatch(/Discarding <GET .*>: max redirections \(3\) reached/);
    const ttl = await follow({ url: redirect(redirect(`${server.url}/ttl`)), meta: { redirect_ttl: 1 } });
    expect(ttl.stat('request_dropped_reasons_count/redirect_max_times')).toBe(1);
  });

  it('turns POST into GET on 301, 302 and 303, dropping the body and its headers', async () => {
    for (const status of [301, 302, 303]) {
      const target = `/after-post-${status}`;
      const result = await follow({
        url: redirect(target, status),
        method: 'POST',
        body: 'a=1',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      });
      expect(result.items).toMatchObject([{ method: 'GET', redirectReasons: [status] }]);
      const [landed] = received(target);
      expect(landed!.method).toBe('GET');
      expect(landed!.body.length).toBe(0);
      expect(landed!.headers['content-type']).toBeUndefined();
    }
  });

  it('keeps method and body on 307 and 308, and HEAD stays HEAD', async () => {
    for (const status of [307, 308]) {
      const target = `/after-post-${status}`;
      await follow({ url: redirect(target, status), method: 'POST', body: 'a=1', headers: { 'Content-Type': 'text/plain' } });
      const [landed] = received(target);
      expect(landed!.method).toBe('POST');
      expect(landed!.body.toString()).toBe('a=1');
      expect(landed!.headers['content-type']).toBe('text/plain');
    }
    await follow({ url: redirect('/after-head', 303), method: 'HEAD' });
    expect(received('/after-head')[0]!.method).toBe('HEAD');
  });

  it('drops Authorization and Cookie on a redirect to another host, keeps them on the same host', async () => {
    const headers = { Authorization: 'Bearer secret', Cookie: 'session=1' };
    await follow({ url: redirect(`${server.altUrl}/cross-host`), headers });
    const [cross] = received('/cross-host');
    expect(cross!.headers.host).toBe(new URL(server.altUrl).host);
    expect(cross!.headers.authorization).toBeUndefined();
    expect(cross!.headers.cookie).toBeUndefined();

    await follow({ url: redirect(`${server.url}/same-host`), headers });
    const [same] = received('/same-host');
    expect(same!.headers.authorization).toBe('Bearer secret');
    expect(same!.headers.cookie).toBe('session=1');
  });

  it('does not send HttpAuthMiddleware credentials to the host a redirect leads to', async () => {
    await follow({ url: redirect(`${server.altUrl}/auth-elsewhere`) }, {}, { httpUser: 'u', httpPass: 'p' });
    expect(received('/redirect').at(-1)!.headers.authorization).toMatch(/^Basic /);
    expect(received('/auth-elsewhere')[0]!.headers.authorization).toBeUndefined();
  });

  it('refuses redirects to non-HTTP schemes with reason redirect_scheme', async () => {
    const result = await follow({ url: redirect('ftp://example.com/file') });
    expect(result.items).toEqual([]);
    expect(result.stat('request_dropped_reasons_count/redirect_scheme')).toBe(1);
  });

  it('leaves the response alone with dont_redirect, handle_httpstatus_list/all, a spider list, or REDIRECT_ENABLED off', async () => {
    const url = redirect('/not-followed');
    const cases: Array<[Record<string, unknown>, Record<string, unknown>, Record<string, unknown>]> = [
      [{ dont_redirect: true, handle_httpstatus_list: [302] }, {}, {}],
      [{ handle_httpstatus_list: [302] }, {}, {}],
      [{ handle_httpstatus_all: true }, {}, {}],
      [{}, {}, { handleHttpstatusList: [302] }],
      [{ handle_httpstatus_list: [302] }, { REDIRECT_ENABLED: false }, {}],
    ];
    for (const [meta, settings, fields] of cases) {
      const result = await follow({ url, meta }, settings, fields);
      expect(result.items).toMatchObject([{ status: 302 }]);
    }
    expect(received('/not-followed')).toHaveLength(0);
  });

  it('keeps dontFilter of the original request (the dupefilter sees the redirected URL)', async () => {
    async function run(dontFilter: boolean) {
      const seen = `${server.url}/seen-${dontFilter}`;
      class S extends Spider {
        name = 'redirect-dupes';
        override async *start() {
          yield new Request(seen);
        }
        override async *parse(response: Response) {
          yield { url: response.url };
          if (!response.meta.redirect_urls) yield new Request({ url: redirect(seen), dontFilter });
        }
      }
      return crawl(S);
    }
    expect((await run(false)).stat('dupefilter/filtered')).toBe(1);
    const kept = await run(true);
    expect(kept.stat('dupefilter/filtered')).toBeUndefined();
    expect(kept.items).toHaveLength(2);
  });
});
