/** What pages load: resource blocking by type and by predicate, and proxies (`meta.proxy`) for browser requests. */
import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSite, type TestSite } from '@arachne/testsite';
import { Request, Spider, type TextResponse } from '@arachne/core';
import type { Request as BrowserRequest } from 'playwright-core';
import { crawl } from './support/crawl.js';

/** A forward HTTP proxy that asks for Basic credentials (407) and records what it forwards. */
function startProxy() {
  const seen: Array<{ url: string; authorization: string | undefined }> = [];
  const server = createServer((req, res) => {
    const authorization = req.headers['proxy-authorization'];
    if (!authorization) {
      res.writeHead(407, { 'Proxy-Authenticate': 'Basic realm="test"' }).end();
      return;
    }
    seen.push({ url: req.url ?? '', authorization });
    const headers: IncomingHttpHeaders = { ...req.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const upstream = httpRequest(req.url ?? '', { method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  return new Promise<{ url: string; seen: typeof seen; close: () => Promise<void> }>((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      seen,
      close: () => new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
    }));
  });
}

let site: TestSite;
let proxy: Awaited<ReturnType<typeof startProxy>>;
beforeAll(async () => {
  site = await startTestSite();
  proxy = await startProxy();
});
afterAll(async () => {
  await site.close();
  await proxy.close();
});

describe('what browser pages load', () => {
  it('blocks resource types and requests a predicate names, and sends proxied requests through their proxy with its credentials', async () => {
    const origin = site.url;
    const proxyAddress = new URL(proxy.url);
    class Loads extends Spider {
      name = 'loads';
      override async *start() {
        yield new Request(`${origin}/js/images?count=3`, { meta: { playwright: { waitFor: '#caption:has-text("Images")' }, case: 'images' } });
        yield new Request(`${origin}/js/list?page=2`, { meta: { playwright: true, case: 'aborted' } });
        yield new Request(`${origin}/headers?via=proxy`, { meta: { playwright: true, case: 'proxied', proxy: `http://crawler:s%C3%A9same@${proxyAddress.host}` } });
        yield new Request(`${origin}/headers?via=direct`, { meta: { playwright: true, case: 'direct' } });
      }
      override parse(response: TextResponse) {
        return [{ case: response.meta.case, caption: response.css('#caption::text').get(), products: response.css('li.product').length, text: response.css('pre::text').get() }];
      }
    }
    const abortProducts = (request: BrowserRequest) => request.url().includes('/js/api/products');
    const { items, stat } = await crawl(Loads, { PLAYWRIGHT_BLOCK_RESOURCES: ['image'], PLAYWRIGHT_ABORT_REQUEST: abortProducts, HTTPPROXY_AUTH_ENCODING: 'utf-8' });
    const byCase = new Map(items.map((item) => [item.case, item]));

    expect(byCase.get('images')?.caption).toBe('Images: 3');
    expect([...site.hits.keys()].filter((path) => path.startsWith('/js/pixel.png'))).toEqual([]);
    expect(stat('playwright/blocked_count/image')).toBe(3);

    expect(byCase.get('aborted')?.products).toBe(0);
    expect(site.hits.get('/js/api/products?page=2')).toBeUndefined();
    expect(stat('playwright/blocked_count/fetch')).toBe(1);

    expect(proxy.seen).toEqual([{ url: `${origin}/headers?via=proxy`, authorization: `Basic ${Buffer.from('crawler:sésame').toString('base64')}` }]);
    const proxied = JSON.parse(byCase.get('proxied')?.text).headers;
    expect(proxied['proxy-authorization']).toBeUndefined();
    expect(JSON.parse(byCase.get('direct')?.text).headers.host).toBe(new URL(origin).host);
  }, 120_000);
});
