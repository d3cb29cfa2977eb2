import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOMB_INFLATED_BYTES, ENCODED_TEXT, startTestSite, type TestSite } from './index.js';

describe('test site', () => {
  let site: TestSite;
  beforeAll(async () => {
    site = await startTestSite({ robotsTxt: 'User-agent: *\nDisallow: /private\n' });
  });
  afterAll(() => site.close());

  const get = (path: string, init?: RequestInit) => fetch(`${site.url}${path}`, init);

  it('serves the catalogue with pagination and products', async () => {
    const first = await (await get('/catalogue/page/1')).text();
    expect(first.match(/<article class="product">/g)).toHaveLength(10);
    expect(first).toContain('<a href="/product/1" title="Title 1">Title 1</a>');
    expect(first).toContain('<li class="next"><a href="/catalogue/page/2">');
    expect(await (await get('/catalogue/page/5')).text()).not.toContain('class="next"');
    const product = await get('/product/7');
    const html = await product.text();
    expect(product.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html).toContain('<h1>Title 7</h1>');
    expect(html).toContain('<p class="price">£7.99</p>');
    expect(html).toContain(`href="${site.url}/product/6"`);
    expect((await get('/product/51')).status).toBe(404);
  });

  it('counts hits per request target', async () => {
    await get('/product/3?b=2&a=1');
    await get('/product/3?b=2&a=1');
    expect(site.hits.get('/product/3?b=2&a=1')).toBe(2);
    expect(site.requests.at(-1)).toMatchObject({ method: 'GET', path: '/product/3?b=2&a=1' });
  });

  it('redirects, keeping or rewriting the method by status', async () => {
    const see = await get('/redirect/303', { method: 'POST', body: 'x=1' });
    expect(await see.json()).toEqual({ method: 'GET', contentType: null, body: '' });
    const temp = await get('/redirect/307', { method: 'POST', body: 'x=1', headers: { 'content-type': 'text/plain' } });
    expect(await temp.json()).toEqual({ method: 'POST', contentType: 'text/plain', body: 'x=1' });
    const chain = await get('/redirect/chain/3');
    expect(chain.url).toBe(`${site.url}/redirect/chain/0`);
    const manual = await get('/redirect/301?to=../product/2', { redirect: 'manual' });
    expect(manual.status).toBe(301);
    expect(manual.headers.get('location')).toBe('../product/2');
    await expect(get('/redirect/loop')).rejects.toThrow();
    const cross = await get('/redirect/cross-host?to=/headers', { redirect: 'manual' });
    expect(cross.headers.get('location')).toBe(`${site.altUrl}/headers`);
  });

  it('fails in the advertised ways', async () => {
    expect((await get('/status/503')).status).toBe(503);
    expect((await get('/status/204')).status).toBe(204);
    await expect(get('/reset').then((res) => res.text())).rejects.toThrow();
    await expect(get('/hang', { signal: AbortSignal.timeout(200) })).rejects.toThrow();
    const started = Date.now();
    expect((await get('/slow?ms=150')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect((await get('/empty')).headers.get('content-length')).toBe('0');
    const url = '/retry-after?fail=2&seconds=3&key=t1';
    const first = await get(url);
    expect([first.status, first.headers.get('retry-after')]).toEqual([429, '3']);
    expect((await get(url)).status).toBe(429);
    expect((await get(url)).status).toBe(200);
  });

  it('serves encoded pages as raw bytes', async () => {
    const latin1 = Buffer.from(await (await get('/enc/latin1-header')).arrayBuffer());
    expect(latin1.toString('latin1')).toContain(ENCODED_TEXT.latin1);
    const sjis = await get('/enc/shift_jis');
    expect(sjis.headers.get('content-type')).toBe('text/html; charset=shift_jis');
    expect(new TextDecoder('shift_jis').decode(await sjis.arrayBuffer())).toContain(ENCODED_TEXT.shiftJis);
    const bom = Buffer.from(await (await get('/enc/utf8-bom')).arrayBuffer());
    expect([...bom.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(await (await get('/json')).json()).toMatchObject({ products: expect.arrayContaining([{ id: 1, title: 'Title 1', price: '£1.99', url: '/product/1' }]) });
    expect(await (await get('/feed.xml')).text()).toContain('<rss version="2.0">');
  });

  it('serves robots.txt, compressed and large bodies', async () => {
    expect(await (await get('/robots.txt')).text()).toBe('User-agent: *\nDisallow: /private\n');
    expect(await (await get('/gzip')).text()).toContain('<h1>Compressed page</h1>');
    // fetch inflates gzip, so Content-Length is the only view of the compressed size.
    const bomb = await get('/bomb');
    expect(bomb.headers.get('content-encoding')).toBe('gzip');
    expect(Number(bomb.headers.get('content-length'))).toBeLessThan(100_000);
    expect((await bomb.arrayBuffer()).byteLength).toBe(BOMB_INFLATED_BYTES);
    const big = await get('/big?kb=300');
    expect(big.headers.get('content-length')).toBe(String(300 * 1024));
    const body = await big.text();
    expect(body.length).toBe(300 * 1024);
    expect(body.endsWith('</body></html>\n')).toBe(true);
  });

  it('echoes cookies, headers and bodies', async () => {
    const set = await get('/cookies/set?session=abc&theme=dark');
    expect(set.headers.getSetCookie()).toEqual(['session=abc; Path=/', 'theme=dark; Path=/']);
    const echo = await get('/cookies/echo', { headers: { cookie: 'session=abc; theme=dark' } });
    expect(await echo.json()).toEqual({ cookies: { session: 'abc', theme: 'dark' } });
    const headers = await get('/headers', { headers: { 'x-probe': 'yes' } });
    expect(((await headers.json()) as { headers: Record<string, string> }).headers['x-probe']).toBe('yes');
    const post = await get('/post', { method: 'PUT', body: '{"a":1}', headers: { 'content-type': 'application/json' } });
    expect(await post.json()).toEqual({ method: 'PUT', contentType: 'application/json', body: '{"a":1}' });
  });

  it('serves script-rendered pages whose HTML holds no product, and the JSON their scripts read', async () => {
    for (const path of ['/js/list', '/js/load-more', '/js/infinite', '/js/redirect?to=/js/list', '/js/never-settles']) {
      const html = await (await get(path)).text();
      expect(html, path).toContain('<script>');
      expect(html, path).not.toContain('Title 1');
    }
    const page = (await (await get('/js/api/products?page=5')).json()) as { products: Array<{ title: string }>; next: number | null };
    expect([page.products.length, page.products[0]!.title, page.next]).toEqual([10, 'Title 41', null]);
    expect((await get('/js/api/products?page=6')).status).toBe(400);
    expect((await get('/js/redirect?to=https://elsewhere.example/')).status).toBe(400);
    expect((await get('/js/pixel.png')).headers.get('content-type')).toBe('image/png');
  });
});
