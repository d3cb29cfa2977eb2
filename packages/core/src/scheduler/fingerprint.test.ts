import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { requestFingerprint } from './fingerprint.js';

const fp = (url: string, method = 'GET', body?: Buffer | string | null) => requestFingerprint({ method, url, body });

describe('requestFingerprint', () => {
  it('is a hex SHA-1 of method, canonical URL and body', () => {
    const expected = createHash('sha1').update('POST\nhttp://example.com/?a=1&b=2\nq=1').digest('hex');
    expect(fp('http://example.com?b=2&a=1', 'post', 'q=1')).toBe(expected);
    expect(expected).toMatch(/^[0-9a-f]{40}$/);
  });

  it('is shared by URLs that differ only in query order, fragment, default port, case or escaping', () => {
    const base = fp('http://example.com/a~b?a=1&b=2');
    for (const url of [
      'http://example.com/a~b?b=2&a=1',
      'http://example.com/a~b?a=1&b=2#section',
      'http://example.com:80/a~b?a=1&b=2',
      'HTTP://EXAMPLE.COM/a~b?a=1&b=2',
      'http://example.com/a%7eb?a=1&b=2',
      'http://example.com/a%7Eb?%61=1&b=2',
    ]) {
      expect(fp(url), url).toBe(base);
    }
  });

  it('differs by path, query, scheme and port', () => {
    const fingerprints = new Set(
      ['http://example.com/a', 'http://example.com/A', 'http://example.com/a?x=1', 'https://example.com/a', 'http://example.com:8080/a'].map((url) => fp(url)),
    );
    expect(fingerprints.size).toBe(5);
  });

  it('differs by method, which is case-insensitive', () => {
    expect(fp('http://example.com/', 'get')).toBe(fp('http://example.com/', 'GET'));
    expect(fp('http://example.com/', 'POST')).not.toBe(fp('http://example.com/', 'GET'));
    expect(fp('http://example.com/', 'HEAD')).not.toBe(fp('http://example.com/', 'GET'));
  });

  it('differs by body; a string body hashes as its UTF-8 bytes', () => {
    expect(fp('http://example.com/', 'POST', 'a=1')).not.toBe(fp('http://example.com/', 'POST', 'a=2'));
    expect(fp('http://example.com/', 'POST', 'é')).toBe(fp('http://example.com/', 'POST', Buffer.from('é')));
  });

  it('treats a missing body as an empty one', () => {
    const none = fp('http://example.com/', 'POST');
    expect(fp('http://example.com/', 'POST', null)).toBe(none);
    expect(fp('http://example.com/', 'POST', '')).toBe(none);
    expect(fp('http://example.com/', 'POST', Buffer.alloc(0))).toBe(none);
  });

  it('keeps method, URL and body apart', () => {
    expect(fp('http://example.com/', 'GETH')).not.toBe(fp('hhttp://example.com/', 'GET'));
    expect(fp('http://example.com/a', 'POST', 'b')).not.toBe(fp('http://example.com/ab', 'POST'));
  });

  it('throws for an invalid URL', () => {
    expect(() => fp('not a url')).toThrow(TypeError);
  });
});
