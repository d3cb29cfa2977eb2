import { describe, expect, it } from 'vitest';
import { Request } from '../../../http/request.js';
import { Response } from '../../../http/response.js';
import { Settings, type SettingsInput } from '../../../settings/settings.js';
import { DummyPolicy, RFC2616Policy, createPolicy, parseCacheControl } from './policies.js';

const T = Date.parse('2026-01-01T00:00:00Z') / 1000;
const httpDate = (seconds: number) => new Date(seconds * 1000).toUTCString();

/** An RFC2616Policy whose clock reads `now`. */
const rfcAt = (now: number, settings: SettingsInput = {}) => new RFC2616Policy(new Settings(settings), { now: () => now });
const response = (headers: Record<string, string>, status = 200) => new Response({ url: 'http://example.com/', status, headers: { Date: httpDate(T), ...headers } });
const request = (headers: Record<string, string> = {}) => new Request({ url: 'http://example.com/', headers });

describe('parseCacheControl', () => {
  it('maps lower-cased directives to their raw values, null without one', () => {
    expect(Object.fromEntries(parseCacheControl('Public, MAX-AGE=60, no-cache="Set-Cookie",,'))).toEqual({ public: null, 'max-age': '60', 'no-cache': '"Set-Cookie"' });
    expect(parseCacheControl(null).size).toBe(0);
  });
});

describe('DummyPolicy', () => {
  it('caches every response but ignored codes (given as strings on the command line too) and schemes', () => {
    const policy = new DummyPolicy(new Settings({ HTTPCACHE_IGNORE_HTTP_CODES: '404,500' as unknown as number[] }));
    expect(policy.shouldCacheResponse(response({}, 404))).toBe(false);
    expect(policy.shouldCacheResponse(response({ 'Cache-Control': 'no-store' }, 200))).toBe(true);
    expect(policy.shouldCacheRequest(new Request('file:///etc/hosts'))).toBe(false);
    expect(policy.isCachedResponseFresh()).toBe(true);
  });
});

describe('createPolicy', () => {
  it("accepts Scrapy's dotted names", () => {
    expect(createPolicy(new Settings({ HTTPCACHE_POLICY: 'scrapy.extensions.httpcache.RFC2616Policy' }))).toBeInstanceOf(RFC2616Policy);
  });
});

describe('RFC2616Policy', () => {
  describe('what it stores', () => {
    const policy = rfcAt(T);
    it.each([
      ['max-age', { 'Cache-Control': 'max-age=60' }, 200, true],
      ['Expires', { Expires: httpDate(T + 60) }, 200, true],
      ['a validator (ETag)', { ETag: '"a"' }, 200, true],
      ['a validator (Last-Modified)', { 'Last-Modified': httpDate(T - 60) }, 203, true],
      ['nothing to expire or revalidate by', {}, 200, false],
      ['s-maxage alone (ignored, as Scrapy)', { 'Cache-Control': 's-maxage=60' }, 200, false],
      ['no-store', { 'Cache-Control': 'no-store, max-age=60' }, 200, false],
      ['a 304', { 'Cache-Control': 'max-age=60' }, 304, false],
      ['a permanent redirect', {}, 301, true],
      ['a temporary redirect without expiry', { ETag: '"a"' }, 302, false],
    ])('%s', (_name, headers, status, stored) => {
      expect(policy.shouldCacheResponse(response(headers, status))).toBe(stored);
    });

    it('skips requests that say no-store', () => {
      expect(policy.shouldCacheRequest(request({ 'Cache-Control': 'no-store' }))).toBe(false);
      expect(policy.shouldCacheRequest(request())).toBe(true);
    });
  });

  describe('freshness', () => {
    it('lasts max-age from the Date header, counting an Age header', () => {
      const cached = response({ 'Cache-Control': 'max-age=100' });
      expect(rfcAt(T + 99).isCachedResponseFresh(cached, request())).toBe(true);
      expect(rfcAt(T + 100).isCachedResponseFresh(cached, request())).toBe(false);
      expect(rfcAt(T).isCachedResponseFresh(response({ 'Cache-Control': 'max-age=100', Age: '150' }), request())).toBe(false);
    });

    it('lasts until Expires; a malformed Expires is already expired', () => {
      const cached = response({ Expires: httpDate(T + 100) });
      expect(rfcAt(T + 50).isCachedResponseFresh(cached, request())).toBe(true);
      expect(rfcAt(T + 150).isCachedResponseFresh(cached, request())).toBe(false);
      expect(rfcAt(T).isCachedResponseFresh(response({ Expires: 'soon' }), request())).toBe(false);
    });

    it('lasts a tenth of the age of Last-Modified without other information', () => {
      const cached = response({ 'Last-Modified': httpDate(T - 1000) });
      expect(rfcAt(T + 99).isCachedResponseFresh(cached, request())).toBe(true);
      expect(rfcAt(T + 101).isCachedResponseFresh(cached, request())).toBe(false);
    });

    it('lasts a year for a permanent redirect without information', () => {
      expect(rfcAt(T + 300 * 24 * 3600).isCachedResponseFresh(response({}, 301), request())).toBe(true);
    });

    it('honours the request: no-cache, a shorter max-age, max-stale', () => {
      const cached = response({ 'Cache-Control': 'max-age=100' });
      const at = rfcAt(T + 120);
      expect(rfcAt(T).isCachedResponseFresh(cached, request({ 'Cache-Control': 'no-cache' }))).toBe(false);
      expect(rfcAt(T + 20).isCachedResponseFresh(cached, request({ 'Cache-Control': 'max-age=10' }))).toBe(false);
      expect(at.isCachedResponseFresh(cached, request({ 'Cache-Control': 'max-stale' }))).toBe(true);
      expect(at.isCachedResponseFresh(cached, request({ 'Cache-Control': 'max-stale=30' }))).toBe(true);
      expect(at.isCachedResponseFresh(cached, request({ 'Cache-Control': 'max-stale=10' }))).toBe(false);
      const mustRevalidate = response({ 'Cache-Control': 'max-age=100, must-revalidate' });
      expect(at.isCachedResponseFresh(mustRevalidate, request({ 'Cache-Control': 'max-stale' }))).toBe(false);
    });

    it('is never fresh with a no-cache response, unless that directive is ignored', () => {
      const cached = response({ 'Cache-Control': 'no-cache, max-age=100' });
      expect(rfcAt(T).isCachedResponseFresh(cached, request())).toBe(false);
      expect(rfcAt(T, { HTTPCACHE_IGNORE_RESPONSE_CACHE_CONTROLS: ['no-cache'] }).isCachedResponseFresh(cached, request())).toBe(true);
    });

    it('adds conditional headers to the request when stale', () => {
      const stale = request();
      const cached = response({ 'Cache-Control': 'max-age=0', ETag: '"abc"', 'Last-Modified': httpDate(T - 10) });
      expect(rfcAt(T + 1).isCachedResponseFresh(cached, stale)).toBe(false);
      expect(stale.headers.get('If-None-Match')).toBe('"abc"');
      expect(stale.headers.get('If-Modified-Since')).toBe(httpDate(T - 10));
    });
  });

  describe('revalidation', () => {
    const policy = rfcAt(T);
    it('keeps the cached copy on 304 and on server errors, unless it must be revalidated', () => {
      const cached = response({ 'Cache-Control': 'max-age=0' });
      expect(policy.isCachedResponseValid(cached, response({}, 304))).toBe(true);
      expect(policy.isCachedResponseValid(cached, response({}, 200))).toBe(false);
      expect(policy.isCachedResponseValid(cached, response({}, 503))).toBe(true);
      expect(policy.isCachedResponseValid(response({ 'Cache-Control': 'must-revalidate' }), response({}, 503))).toBe(false);
    });
  });
});
