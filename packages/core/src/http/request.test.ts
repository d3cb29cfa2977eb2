import { describe, expect, it } from 'vitest';
import { Request, type RequestData } from './request.js';
import { JsonRequest } from './jsonRequest.js';
import { FormRequest } from './formRequest.js';
import { Headers } from './headers.js';
import { Spider } from '../spiders/spider.js';

class ShopSpider extends Spider {
  name = 'shop';
  parseProduct() {
    return [];
  }
  onFailure() {
    return [];
  }
}
class OutletSpider extends ShopSpider {
  override name = 'outlet';
}

describe('Request URL validation', () => {
  it.each(['example.com/page', '/relative/path', '//example.com/x', ''])('rejects %j: missing scheme, naming the URL', (url) => {
    expect(() => new Request(url)).toThrow(TypeError);
    expect(() => new Request(url)).toThrow(`Missing scheme in request url: ${url}`);
  });

  it.each(['http://', 'http://exa mple.com/', 'https://[::1/'])('rejects the invalid URL %j, naming it', (url) => {
    expect(() => new Request({ url })).toThrow(`Invalid URL in request: ${url}`);
  });

  it('rejects a URL that is not a string', () => {
    expect(() => new Request({ url: 42 as unknown as string })).toThrow('Request url must be a string, got number');
  });

  it('normalizes a valid URL (percent-encoding, punycode)', () => {
    expect(new Request('http://example.com/a b?q=é').url).toBe('http://example.com/a%20b?q=%C3%A9');
    expect(new Request('http://bücher.example/').url).toBe('http://xn--bcher-kva.example/');
  });
});

describe('Request URLs without an empty query or fragment, as Scrapy 2.8 writes them', () => {
  it.each([
    ['http://x.com/a#', 'http://x.com/a'],
    ['http://x.com/a?', 'http://x.com/a'],
    ['http://x.com/a?#', 'http://x.com/a'],
    ['http://x.com/a?#f', 'http://x.com/a#f'],
    ['http://x.com/?#', 'http://x.com/'],
    ['http://x.com#', 'http://x.com/'],
    ['http://x.com/a?b=1#', 'http://x.com/a?b=1'],
    ['http://x.com/a#?', 'http://x.com/a#?'],
    ['http://x.com/a?b?', 'http://x.com/a?b?'],
    ['http://x.com/a##', 'http://x.com/a##'],
  ])('%s', (url, expected) => {
    expect(new Request({ url }).url).toBe(expected);
    expect(new Request({ url: new URL(url) }).url).toBe(expected);
    expect(new Request({ url: 'http://x.com/z' }).replace({ url }).url).toBe(expected);
  });
});

describe('Request fields', () => {
  it('defaults to GET, priority 0, no body, filtered', () => {
    const request = new Request('http://example.com/');
    expect(request).toMatchObject({ method: 'GET', priority: 0, body: null, dontFilter: false, callback: null, errback: null, meta: {}, cbKwargs: {}, flags: [] });
    expect(String(request)).toBe('<GET http://example.com/>');
  });

  it('upper-cases the method', () => {
    expect(new Request({ url: 'http://example.com/', method: 'post' }).method).toBe('POST');
  });

  it('turns a string body into a UTF-8 Buffer', () => {
    const request = new Request({ url: 'http://example.com/', method: 'POST', body: 'naïve' });
    expect(Buffer.isBuffer(request.body)).toBe(true);
    expect(request.body?.toString('utf8')).toBe('naïve');
    expect(request.body?.length).toBe(6);
  });

  it('takes headers from an object, case-insensitively', () => {
    const request = new Request({ url: 'http://example.com/', headers: { 'X-Token': 'abc', Accept: ['a', 'b'] } });
    expect(request.headers.get('x-token')).toBe('abc');
    expect(request.headers.getAll('accept')).toEqual(['a', 'b']);
  });

  it('copies meta, cbKwargs, headers and flags it is given (as Scrapy), so requests never share them', () => {
    const meta = { page: 1 };
    const cbKwargs = { label: 'x' };
    const headers = new Headers({ 'X-A': '1' });
    const flags = ['seed'];
    const first = new Request({ url: 'http://example.com/1', meta, cbKwargs, headers, flags });
    const second = new Request({ url: 'http://example.com/2', meta, cbKwargs, headers, flags });
    first.meta.depth = 3;
    first.cbKwargs.extra = true;
    first.headers.set('X-B', '2');
    first.flags.push('retried');
    expect(second.meta).toEqual({ page: 1 });
    expect(second.cbKwargs).toEqual({ label: 'x' });
    expect(second.headers.has('X-B')).toBe(false);
    expect(second.flags).toEqual(['seed']);
    expect(meta).toEqual({ page: 1 });
  });
});

describe('Request.replace', () => {
  it('changes the given fields and keeps the others', () => {
    const callback = ShopSpider.prototype.parseProduct;
    const original = new Request({ url: 'http://example.com/a', method: 'POST', body: 'x=1', callback, priority: 5, dontFilter: true, meta: { a: 1 } });
    const changed = original.replace({ url: 'http://example.com/b', priority: 1 });
    expect(changed.url).toBe('http://example.com/b');
    expect(changed.priority).toBe(1);
    expect(changed.method).toBe('POST');
    expect(changed.body?.toString()).toBe('x=1');
    expect(changed.callback).toBe(callback);
    expect(changed.dontFilter).toBe(true);
    expect(changed.meta).toEqual({ a: 1 });
  });

  it('copies meta, cbKwargs and headers instead of sharing them', () => {
    const original = new Request({ url: 'http://example.com/', meta: { nested: { n: 1 } }, cbKwargs: { k: 1 }, headers: { A: '1' } });
    const copy = original.replace();
    copy.meta.retry_times = 1;
    copy.cbKwargs.k = 2;
    copy.headers.set('B', '2');
    expect(original.meta).toEqual({ nested: { n: 1 } });
    expect(original.cbKwargs).toEqual({ k: 1 });
    expect(original.headers.has('B')).toBe(false);
    expect(copy.meta.nested).toBe(original.meta.nested); // shallow, as Scrapy
  });

  it('keeps the request kind', () => {
    const json = new JsonRequest({ url: 'http://example.com/api', data: { q: 1 } });
    const copy = json.replace({ priority: 3 });
    expect(copy).toBeInstanceOf(JsonRequest);
    expect(copy.body?.toString()).toBe('{"q":1}');
    expect(copy.method).toBe('POST');
  });
});

describe('Request serialization', () => {
  it('round-trips through plain data, with callbacks by spider method name', () => {
    const spider = new OutletSpider();
    const request = new Request({
      url: 'http://example.com/p?id=1', method: 'PUT', headers: [['X-Multi', 'a'], ['X-Multi', 'b']], body: Buffer.from([0, 1, 2, 255]),
      callback: spider.parseProduct, errback: spider.onFailure, meta: { depth: 2 }, cbKwargs: { id: 1 }, priority: -3, dontFilter: true, flags: ['f'],
    });
    const data: RequestData = JSON.parse(JSON.stringify(request.toData(spider)));
    expect(data.callback).toBe('parseProduct');
    expect(data.errback).toBe('onFailure');
    const back = Request.fromData(data);
    expect(back.url).toBe(request.url);
    expect(back.method).toBe('PUT');
    expect(back.headers.getAll('x-multi')).toEqual(['a', 'b']);
    expect(back.body?.equals(Buffer.from([0, 1, 2, 255]))).toBe(true);
    expect(back.callback).toBe('parseProduct');
    expect(back.errback).toBe('onFailure');
    expect(back).toMatchObject({ meta: { depth: 2 }, cbKwargs: { id: 1 }, priority: -3, dontFilter: true, flags: ['f'] });
  });

  it('keeps a callback given by name and a null body', () => {
    const data = new Request({ url: 'http://example.com/', callback: 'parseProduct' }).toData();
    expect(data.callback).toBe('parseProduct');
    expect(data.body).toBeNull();
    expect(Request.fromData(data).body).toBeNull();
  });

  it('keeps the request class and encoding: a JsonRequest or FormRequest comes back as one', () => {
    const json = new JsonRequest({ url: 'http://example.com/api', data: { q: 'é' }, encoding: 'latin1' });
    const jsonData: RequestData = JSON.parse(JSON.stringify(json.toData()));
    expect(jsonData).toMatchObject({ kind: 'JsonRequest', encoding: 'latin1' });
    const jsonBack = Request.fromData(jsonData);
    expect(jsonBack).toBeInstanceOf(JsonRequest);
    expect(jsonBack.encoding).toBe('latin1');
    expect(jsonBack.method).toBe('POST');
    expect(JSON.parse(jsonBack.body!.toString('utf8'))).toEqual({ q: 'é' });
    expect(jsonBack.headers.getAll('content-type')).toEqual(['application/json']);

    const form = new FormRequest({ url: 'http://example.com/login', formData: { user: 'a b' } });
    const formBack = Request.fromData(JSON.parse(JSON.stringify(form.toData())));
    expect(formBack).toBeInstanceOf(FormRequest);
    expect(formBack.body?.toString()).toBe('user=a+b');
    expect(formBack.headers.getAll('content-type')).toEqual(['application/x-www-form-urlencoded']);

    const plain = new Request('http://example.com/').toData();
    expect(plain.kind).toBeUndefined();
    expect(plain.encoding).toBeUndefined();
  });

  it('refuses a Request subclass that is not registered, and an unknown kind, naming them', () => {
    class SignedRequest extends Request {}
    expect(() => new SignedRequest('http://example.com/').toData()).toThrow("register its class with Request.registerKind('SignedRequest', SignedRequest)");
    const data = new Request('http://example.com/').toData();
    expect(() => Request.fromData({ ...data, kind: 'Nope' })).toThrow('cannot rebuild a request of kind "Nope"');
    Request.registerKind('SignedRequest', SignedRequest);
    expect(Request.fromData(new SignedRequest('http://example.com/').toData())).toBeInstanceOf(SignedRequest);
  });

  it('refuses a callback that is not a method of the spider, naming it', () => {
    const spider = new ShopSpider();
    const anonymous = [() => []][0]!;
    expect(() => new Request({ url: 'http://example.com/', callback: anonymous }).toData(spider))
      .toThrow('cannot serialize callback <anonymous>: it is not a method of the spider');
    function helper() {
      return [];
    }
    expect(() => new Request({ url: 'http://example.com/', errback: helper }).toData(spider)).toThrow('cannot serialize callback helper');
    expect(() => new Request({ url: 'http://example.com/', callback: spider.parseProduct }).toData()).toThrow('cannot serialize callback parseProduct');
  });
});

describe('JsonRequest', () => {
  it('serializes data as the body of a POST with JSON headers', () => {
    const request = new JsonRequest({ url: 'http://example.com/api', data: { name: 'x', tags: [1, 2] } });
    expect(request.method).toBe('POST');
    expect(JSON.parse(request.body!.toString())).toEqual({ name: 'x', tags: [1, 2] });
    expect(request.headers.get('content-type')).toBe('application/json');
    expect(request.headers.get('accept')).toContain('application/json');
  });

  it('keeps an explicit method and headers', () => {
    const request = new JsonRequest({ url: 'http://example.com/api', method: 'put', data: [1], headers: { 'Content-Type': 'application/vnd.api+json' } });
    expect(request.method).toBe('PUT');
    expect(request.headers.get('content-type')).toBe('application/vnd.api+json');
  });

  it('is a GET without data', () => {
    const request = new JsonRequest({ url: 'http://example.com/api' });
    expect(request.method).toBe('GET');
    expect(request.body).toBeNull();
  });
});

describe('FormRequest', () => {
  it('POSTs an urlencoded body by default', () => {
    const request = new FormRequest({ url: 'http://example.com/login', formData: { user: 'ana maria', pass: 'a&b=c', tags: ['x', 'y'], n: 3 } });
    expect(request.method).toBe('POST');
    expect(request.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(request.body?.toString()).toBe('user=ana+maria&pass=a%26b%3Dc&tags=x&tags=y&n=3');
  });

  it('puts the form in the query string for GET, replacing the query as Scrapy and browsers do', () => {
    const request = new FormRequest({ url: 'http://example.com/search?lang=en#top', method: 'get', formData: [['q', 'web crawler'], ['page', '2']] });
    expect(request.method).toBe('GET');
    expect(request.body).toBeNull();
    // Scrapy 2.8: FormRequest('http://example.com/search?lang=en#top', method='get', formdata=[...]).url
    expect(request.url).toBe('http://example.com/search?q=web+crawler&page=2#top');
    expect(new FormRequest({ url: 'http://example.com/s', method: 'GET', formData: { q: '1' } }).url).toBe('http://example.com/s?q=1');
  });

  it('encodes as Python\'s urlencode does, in the request\'s encoding', () => {
    // Scrapy 2.8's bodies for the same form data.
    expect(new FormRequest('http://example.com/', { formData: { s: 'a*b~c/é' } }).body?.toString()).toBe('s=a%2Ab~c%2F%C3%A9');
    expect(new FormRequest('http://example.com/', { formData: { u: 'café' }, encoding: 'latin-1' }).body?.toString()).toBe('u=caf%E9');
    // A character the encoding lacks is sent as a character reference, as browsers send it.
    expect(new FormRequest('http://example.com/', { formData: { u: 'café ☕' }, encoding: 'latin-1' }).body?.toString()).toBe('u=caf%E9+%26%239749%3B');
  });

  it('leaves out null values and treats empty form data as none, as Scrapy', () => {
    expect(new FormRequest('http://example.com/', { formData: { a: '1', b: null } }).body?.toString()).toBe('a=1');
    const empty = new FormRequest('http://example.com/', { formData: {} });
    expect([empty.method, empty.body, empty.headers.has('content-type')]).toEqual(['GET', null, false]);
  });

  it('is a plain request without formData', () => {
    const request = new FormRequest({ url: 'http://example.com/' });
    expect(request.method).toBe('GET');
    expect(request.headers.has('content-type')).toBe(false);
  });
});

describe('what a Scrapy user types', () => {
  const parseItem = () => [];

  it('accepts (url), (url, callback), (url, options) and (init)', () => {
    expect(new Request('http://example.com/a').url).toBe('http://example.com/a');
    expect(new Request('http://example.com/a', parseItem).callback).toBe(parseItem);
    const withOptions = new Request('http://example.com/a', { headers: { 'X-Token': '1' }, callback: 'parseItem', meta: { page: 2 } });
    expect([withOptions.headers.get('x-token'), withOptions.callback, withOptions.meta.page]).toEqual(['1', 'parseItem', 2]);
    expect(new Request({ url: 'http://example.com/a', priority: 3 }).priority).toBe(3);
    expect(new Request(new URL('http://example.com/a b')).url).toBe('http://example.com/a%20b');
    expect(new JsonRequest('http://example.com/api', { data: { q: 1 } }).body?.toString()).toBe('{"q":1}');
    expect(new FormRequest('http://example.com/login', { formData: { user: 'a' } }).body?.toString()).toBe('user=a');
  });

  it.each([
    [() => new Request('http://example.com/', 'parseItem' as never), /second argument must be a callback function or an options object, got the string "parseItem".*To name a spider method, write \{ callback: "parseItem" \}/],
    [() => new Request('http://example.com/', { header: { A: '1' } } as never), /Request: unknown option "header" — did you mean "headers"\?/],
    [() => new Request('http://example.com/', { cb_kwargs: { a: 1 } } as never), /Request: "cb_kwargs" is Scrapy's name; in Arachne it is "cbKwargs"/],
    [() => new Request('http://example.com/', { dont_filter: true } as never), /"dont_filter" is Scrapy's name; in Arachne it is "dontFilter"/],
    [() => new Request('http://example.com/', { url: 'http://example.com/b' } as never), /the URL is given twice/],
    [() => new Request('http://example.com/', { callback: 42 } as never), /"callback" must be a function or a spider method name, got number 42/],
    [() => new Request('http://example.com/', { meta: 'page=2' } as never), /"meta" must be an object, got the string "page=2"/],
    [() => new Request(42 as never), /Request: cannot build a request from number 42; accepted: Request\(url\)/],
    [() => new Request({} as never), /Request: a URL is required/],
    [() => new JsonRequest('http://example.com/', { formData: {} } as never), /JsonRequest: unknown option "formData"/],
    [() => new FormRequest('http://example.com/', { formdata: {} } as never), /FormRequest: "formdata" is Scrapy's name; in Arachne it is "formData"/],
  ])('rejects a wrong shape with a TypeError naming the accepted form (%#)', (make, message) => {
    expect(make).toThrow(TypeError);
    expect(make).toThrow(message);
  });
});
