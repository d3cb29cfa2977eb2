import { describe, expect, it } from 'vitest';
import { HtmlResponse, JsonResponse, Response, TextResponse, XmlResponse } from './response.js';
import { buildResponse, responseKindFor } from './responseTypes.js';
import { Headers } from './headers.js';
import { Request } from './request.js';

const PAGE = 'http://example.com/shop/list/page.html?x=1';

function html(body: string, url = PAGE): HtmlResponse {
  return new HtmlResponse({ url, body, headers: { 'Content-Type': 'text/html; charset=utf-8' } });
}

describe('urljoin', () => {
  it('resolves against the page URL', () => {
    const response = html('<p>no base</p>');
    expect(response.urljoin('item/1')).toBe('http://example.com/shop/list/item/1');
    expect(response.urljoin('/root')).toBe('http://example.com/root');
    expect(response.urljoin('?page=2')).toBe('http://example.com/shop/list/page.html?page=2');
    expect(response.urljoin('//cdn.example.com/a.js')).toBe('http://cdn.example.com/a.js');
    expect(response.urljoin('https://other.example/x')).toBe('https://other.example/x');
  });

  it('resolves against <base href>, itself relative to the page', () => {
    const response = html('<html><head><base href="/catalogue/"></head><body><a href="p/1">1</a></body></html>');
    expect(response.urljoin('p/1')).toBe('http://example.com/catalogue/p/1');
    expect(response.follow(response.css('a')[0]!).url).toBe('http://example.com/catalogue/p/1');
    const absolute = html('<HEAD><BASE HREF="https://mirror.example/base/"></HEAD>');
    expect(absolute.urljoin('x')).toBe('https://mirror.example/base/x');
  });

  it('ignores <base> without href and <base> in a non-HTML response', () => {
    expect(html('<base target="_blank"><a href="a">').urljoin('a')).toBe('http://example.com/shop/list/a');
    const xml = new XmlResponse({ url: PAGE, body: '<?xml version="1.0"?><base href="/elsewhere/"/>' });
    expect(xml.urljoin('a')).toBe('http://example.com/shop/list/a');
    expect(new Response({ url: PAGE, body: '<base href="/b/">' }).urljoin('a')).toBe('http://example.com/shop/list/a');
  });

  it('names the URL when it cannot be joined', () => {
    expect(() => html('').urljoin('http://exa mple.com/')).toThrow(/http:\/\/exa mple\.com\//);
  });
});

describe('urljoin and follow on empty queries and fragments, as Scrapy 2.8', () => {
  const references = ['#', '#top', '', '?', '?#', '?#x', 'a.html#', 'a.html?', 'a.html?#', 'a.html?#f', '/b?', '/b?x=1#', 'http://other.com/?#', 'http://other.com/#', '//other.com/p?', 'a.html#?', 'a.html?q#'];
  const scrapy = (page: string): string[] => [
    page, `${page}#top`, page, page, page, `${page}#x`,
    'http://example.com/dir/a.html', 'http://example.com/dir/a.html', 'http://example.com/dir/a.html', 'http://example.com/dir/a.html#f',
    'http://example.com/b', 'http://example.com/b?x=1', 'http://other.com/', 'http://other.com/', 'http://other.com/p',
    'http://example.com/dir/a.html#?', 'http://example.com/dir/a.html?q',
  ];
  it.each(['http://example.com/dir/page.html', 'http://example.com/dir/page.html?p=1'])('on %s', (url) => {
    const response = new HtmlResponse({ url, body: '' });
    expect(references.map((reference) => response.urljoin(reference))).toEqual(scrapy(url));
    expect(references.map((reference) => response.follow(reference).url)).toEqual(scrapy(url));
  });
});

describe('follow', () => {
  const response = html(`<html><body>
    <a id="rel" href=" item/7 ">seven</a>
    <a id="nohref">none</a>
    <link rel="next" href="/page/2">
    <img src="/img.png">
    <div id="box">box</div>
  </body></html>`);

  it('accepts a relative string, trimming it', () => {
    expect(response.follow(' ../other ').url).toBe('http://example.com/shop/other');
  });

  it('accepts a URL object and a link object', () => {
    expect(response.follow(new URL('http://example.com/u')).url).toBe('http://example.com/u');
    expect(response.follow({ url: 'next', text: 'Next' } as { url: string }).url).toBe('http://example.com/shop/list/next');
  });

  it('accepts an <a> or <link> selector and an attribute selector', () => {
    expect(response.follow(response.css('#rel')[0]!).url).toBe('http://example.com/shop/list/item/7');
    expect(response.follow(response.css('link')[0]!).url).toBe('http://example.com/page/2');
    expect(response.follow(response.css('img::attr(src)')[0]!).url).toBe('http://example.com/img.png');
  });

  it('refuses a selector that is not a link', () => {
    expect(() => response.follow(response.css('#box')[0]!)).toThrow(/cannot follow <div id="box">/);
    expect(() => response.follow(response.css('#nohref')[0]!)).toThrow(TypeError);
  });

  it('passes request options through', () => {
    const callback = () => [];
    const request = response.follow('x', { callback, meta: { a: 1 }, priority: 4, method: 'post', dontFilter: true });
    expect(request).toMatchObject({ callback, meta: { a: 1 }, priority: 4, method: 'POST', dontFilter: true });
  });
});

describe('followAll', () => {
  const response = html(`<html><body>
    <a href="/a">A</a><a>no href</a><a href="b">B</a><a href="http://exa mple.com/">bad</a><a href="/c">C</a>
  </body></html>`);

  it('skips anchors without href and reports invalid links to onInvalidLink', () => {
    const invalid: string[] = [];
    response.onInvalidLink = (url, error) => {
      invalid.push(url);
      expect(error).toBeInstanceOf(TypeError);
    };
    try {
      const urls = response.followAll(response.css('a')).map((request) => request.url);
      expect(urls).toEqual(['http://example.com/a', 'http://example.com/shop/list/b', 'http://example.com/c']);
      expect(invalid).toEqual(['http://exa mple.com/']);
    } finally {
      response.onInvalidLink = null;
    }
  });

  it('throws on an invalid link without onInvalidLink, naming it', () => {
    expect(() => response.followAll(response.css('a'))).toThrow(/exa mple/);
  });

  it('takes attribute selectors and strings, sharing no meta between requests', () => {
    const requests = response.followAll(response.css('a::attr(href)').slice(0, 2), { meta: { from: 'list' } });
    expect(requests.map((request) => request.url)).toEqual(['http://example.com/a', 'http://example.com/shop/list/b']);
    requests[0]!.meta.depth = 1;
    expect(requests[1]!.meta).toEqual({ from: 'list' });
    expect(response.followAll(['x', 'y']).map((request) => request.url)).toEqual(['http://example.com/shop/list/x', 'http://example.com/shop/list/y']);
  });
});

describe('json()', () => {
  it('parses the body', () => {
    expect(new JsonResponse({ url: 'http://example.com/api', body: '{"a":[1,2]}' }).json()).toEqual({ a: [1, 2] });
  });

  it('names the URL in the error', () => {
    const response = new TextResponse({ url: 'http://example.com/api', body: '<html>' });
    expect(() => response.json()).toThrow(SyntaxError);
    expect(() => response.json()).toThrow(/^response from http:\/\/example\.com\/api is not valid JSON: /);
  });
});

describe('Response.replace', () => {
  it('keeps the kind, the request and the other fields', () => {
    const request = new Request('http://example.com/');
    const original = new HtmlResponse({ url: 'http://example.com/', status: 200, body: '<p>é</p>', request, flags: ['cached'], headers: { 'Content-Type': 'text/html; charset=utf-8' } });
    const changed = original.replace({ status: 404 });
    expect(changed).toBeInstanceOf(HtmlResponse);
    expect(changed.status).toBe(404);
    expect(changed.request).toBe(request);
    expect(changed.text).toBe('<p>é</p>');
    expect(changed.flags).toEqual(['cached']);
    expect(original.status).toBe(200);
  });

  it('does not share headers or flags with the original', () => {
    const original = new Response({ url: 'http://example.com/', headers: { 'Content-Encoding': 'gzip' }, flags: ['a'] });
    const changed = original.replace({ body: 'x' });
    changed.headers.delete('content-encoding');
    changed.flags.push('decoded');
    expect(original.headers.get('content-encoding')).toBe('gzip');
    expect(original.flags).toEqual(['a']);
  });

  it('keeps a forced encoding', () => {
    const latin = new TextResponse({ url: 'http://example.com/', body: Buffer.from([0x63, 0x61, 0x66, 0xe9]), encoding: 'latin1' });
    expect(latin.replace({ status: 201 }).text).toBe('café');
  });

  it('tells when it was not produced by a crawl', () => {
    expect(() => new Response({ url: 'http://example.com/' }).request).toThrow(/not available/);
    expect(() => new Response({ url: 'http://example.com/' }).meta).toThrow(/not available/);
  });
});

describe('responseKindFor', () => {
  const empty = Buffer.alloc(0);
  it.each([
    ['text/html; charset=utf-8', HtmlResponse],
    ['application/xhtml+xml', HtmlResponse],
    ['TEXT/XML', XmlResponse],
    ['application/rss+xml', XmlResponse],
    ['application/vnd.custom+xml', XmlResponse],
    ['application/json', JsonResponse],
    ['application/problem+json; charset=utf-8', JsonResponse],
    ['text/plain', TextResponse],
    ['text/csv', TextResponse],
    ['application/javascript', TextResponse],
  ])('maps the content type %s', (contentType, kind) => {
    expect(responseKindFor(contentType, Buffer.from('\0binary'))).toBe(kind);
  });

  it.each([
    ['<!DOCTYPE html><html><body></body></html>', HtmlResponse],
    ['  \n<html lang="en">', HtmlResponse],
    ['<?xml version="1.0"?><rss version="2.0"></rss>', XmlResponse],
    ['<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"></html>', HtmlResponse],
    ['<div>fragment</div>', HtmlResponse],
    ['{"json": true}', TextResponse],
    ['plain words', TextResponse],
  ])('sniffs %j without a content type', (body, kind) => {
    expect(responseKindFor(null, Buffer.from(body))).toBe(kind);
    expect(responseKindFor('application/octet-stream', Buffer.from(body))).toBe(kind);
  });

  it('sniffs NUL bytes as binary, and sniffs unknown types', () => {
    expect(responseKindFor(null, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]))).toBe(Response);
    expect(responseKindFor('image/png', Buffer.from([0x89, 0x00]))).toBe(Response);
    expect(responseKindFor('application/x-unknown', Buffer.from('<html>'))).toBe(HtmlResponse);
    expect(responseKindFor(null, empty)).toBe(TextResponse);
  });

  it('builds the response of the right kind', () => {
    const response = buildResponse({ url: 'http://example.com/', headers: new Headers({ 'Content-Type': 'application/json' }), body: Buffer.from('[1]') });
    expect(response).toBeInstanceOf(JsonResponse);
    expect((response as JsonResponse).json()).toEqual([1]);
  });

  it('reads a repeated Content-Type by its last value, as Scrapy does', () => {
    // Scrapy 2.8 gives an HtmlResponse decoded as cp1252 for these headers and body.
    const headers = new Headers([['Content-Type', 'text/plain'], ['Content-Type', 'text/html; charset=latin-1']]);
    const response = buildResponse({ url: 'http://example.com/', headers, body: Buffer.from('<p>\xe9</p>', 'latin1') });
    expect(response).toBeInstanceOf(HtmlResponse);
    expect((response as HtmlResponse).encoding).toBe('windows-1252'); // Python names this codec cp1252
    expect((response as HtmlResponse).text).toBe('<p>é</p>');
  });
});

describe('follow and followAll, as a Scrapy user types them', () => {
  const page = new HtmlResponse({ url: 'http://example.com/list/', body: '<a href="a">a</a><a href="b">b</a>' });
  const parseItem = () => [];

  it('take a callback or options as the second argument', () => {
    expect(page.follow('a', parseItem).callback).toBe(parseItem);
    expect(page.follow('a', { callback: 'parseItem', meta: { n: 1 } }).meta).toEqual({ n: 1 });
    expect(page.followAll(page.css('a'), parseItem).map((request) => [request.url, request.callback])).toEqual([
      ['http://example.com/list/a', parseItem],
      ['http://example.com/list/b', parseItem],
    ]);
  });

  it('reject a wrong second argument instead of ignoring it, even where bad links are skipped', () => {
    page.onInvalidLink = () => undefined;
    try {
      expect(() => page.followAll(['a'], { header: {} } as never)).toThrow(/unknown option "header" — did you mean "headers"\?/);
      expect(() => page.follow('a', 'parseItem' as never)).toThrow(/second argument must be a callback function or an options object/);
      expect(() => page.followAll('a' as never)).toThrow(/followAll: the first argument must be a list of links .*use follow\(\) for one link/);
    } finally {
      page.onInvalidLink = null;
    }
  });
});
