import { describe, expect, it } from 'vitest';
import { canonicalizeUrl, canonicalizeWhatwgUrl } from './canonicalize.js';
// Expected values computed by w3lib's canonicalize_url (generator named in the file).
import fixture from './canonicalize.cases.json' with { type: 'json' };

describe('canonicalizeUrl agrees with w3lib', () => {
  it.each(Object.entries(fixture.cases))('%j', (input, expected) => {
    expect(canonicalizeUrl(input)).toBe(expected);
  });

  it.each(Object.entries(fixture.keepFragments))('keepFragments: %j', (input, expected) => {
    expect(canonicalizeUrl(input, { keepFragments: true })).toBe(expected);
  });

  it.each(Object.entries(fixture.dropBlankValues))('keepBlankValues false: %j', (input, expected) => {
    expect(canonicalizeUrl(input, { keepBlankValues: false })).toBe(expected);
  });

  it.each(Object.keys(fixture.cases).filter((input) => URL.canParse(input)))('canonicalizeWhatwgUrl(new URL(%j).href) as canonicalizeUrl', (input) => {
    const normalized = new URL(input).href;
    expect(canonicalizeWhatwgUrl(normalized)).toBe(canonicalizeUrl(normalized));
  });

  // Default ports are dropped, and only the host of a netloc is IDNA-encoded.
  it.each(Object.entries(fixture.deviations))('except by design: %j', (input, { expected, w3lib }) => {
    expect(canonicalizeUrl(input)).toBe(expected);
    expect(expected).not.toBe(w3lib);
  });
});

describe('canonicalizeUrl', () => {
  it('sorts query arguments by name, then value', () => {
    expect(canonicalizeUrl('http://www.example.com/do?c=3&b=5&b=2&a=50')).toBe('http://www.example.com/do?a=50&b=2&b=5&c=3');
  });

  it('lowercases scheme and host but not the path', () => {
    expect(canonicalizeUrl('HTTP://WWW.Example.COM/Path')).toBe('http://www.example.com/Path');
  });

  it('gives an empty path as /', () => {
    expect(canonicalizeUrl('https://example.com')).toBe('https://example.com/');
    expect(canonicalizeUrl('https://example.com?b=1')).toBe('https://example.com/?b=1');
  });

  it('drops the fragment unless asked to keep it', () => {
    expect(canonicalizeUrl('http://example.com/a#top')).toBe('http://example.com/a');
    expect(canonicalizeUrl('http://example.com/a#top', { keepFragments: true })).toBe('http://example.com/a#top');
  });

  it('drops default ports only', () => {
    expect(canonicalizeUrl('http://example.com:80/a')).toBe('http://example.com/a');
    expect(canonicalizeUrl('https://example.com:443/a')).toBe('https://example.com/a');
    expect(canonicalizeUrl('https://example.com:80/a')).toBe('https://example.com:80/a');
    expect(canonicalizeUrl('http://example.com:8080/a')).toBe('http://example.com:8080/a');
  });

  it('decodes unreserved escapes, uppercases the rest and encodes unsafe characters', () => {
    expect(canonicalizeUrl('http://example.com/%7euser/%e2%82%ac/a b')).toBe('http://example.com/~user/%E2%82%AC/a%20b');
  });

  it('keeps an encoded / or ? in the path', () => {
    expect(canonicalizeUrl('http://example.com/a%2fb%3fc')).toBe('http://example.com/a%2Fb%3Fc');
  });

  it('UTF-8 encodes non-ASCII paths and queries and IDNA-encodes hosts', () => {
    expect(canonicalizeUrl('http://www.example.com/résumé?q=é')).toBe('http://www.example.com/r%C3%A9sum%C3%A9?q=%C3%A9');
    expect(canonicalizeUrl('http://BÜCHER.de/')).toBe('http://xn--bcher-kva.de/');
    expect(canonicalizeUrl('http://例え.テスト/')).toBe('http://xn--r8jz45g.xn--zckzah/');
  });

  it('maps IDNA deviation characters as IDNA 2003 does', () => {
    expect(canonicalizeUrl('http://straße.de/')).toBe('http://strasse.de/');
  });

  it('normalizes spaces in the query to +', () => {
    expect(canonicalizeUrl('http://example.com/?q=a%20b&r=c+d&s=e f')).toBe('http://example.com/?q=a+b&r=c+d&s=e+f');
  });

  it('keeps blank values, as name=, unless asked not to', () => {
    expect(canonicalizeUrl('http://example.com/?a=&b&c=1')).toBe('http://example.com/?a=&b=&c=1');
    expect(canonicalizeUrl('http://example.com/?a=&b&c=1', { keepBlankValues: false })).toBe('http://example.com/?c=1');
  });

  it('keeps ;params on the last path segment', () => {
    expect(canonicalizeUrl('http://example.com/a;b=c?y=2&x=1')).toBe('http://example.com/a;b=c?x=1&y=2');
  });

  it('does not resolve dot segments', () => {
    expect(canonicalizeUrl('http://example.com/a/./b/../c')).toBe('http://example.com/a/./b/../c');
  });

  it('accepts a Latin-1 host however often it is called', () => {
    // Node 20's URL.canParse() starts rejecting such URLs after a few thousand calls.
    const results = new Set<string>();
    for (let i = 0; i < 20_000; i++) results.add(canonicalizeUrl('http://bücher.de/'));
    expect([...results]).toEqual(['http://xn--bcher-kva.de/']);
  });

  it('accepts a URL object', () => {
    expect(canonicalizeUrl(new URL('http://example.com/?b=1&a=2'))).toBe('http://example.com/?a=2&b=1');
  });

  it('returns an already canonical URL unchanged', () => {
    const url = 'https://example.com/a/b-c_d.html?a=1&b=x+y';
    expect(canonicalizeUrl(url)).toBe(url);
  });

  it.each([
    'http://127.0.0.1:8411/page/5328',
    'https://example.com:8443/a/b-c_d.html',
    "http://example.com/wiki/Python_(programming_language)/!$&'*+,=:@~",
    'http://a.b.example.org/1/2/3/',
  ])('returns the normalized URL %j as the full algorithm does', (url) => {
    // A trailing '?' sends the URL down the full algorithm, which drops the empty query.
    expect(canonicalizeUrl(url)).toBe(url);
    expect(canonicalizeUrl(`${url}?`)).toBe(url);
  });

  it('is stable under re-canonicalization of typical URLs', () => {
    const once = canonicalizeUrl('http://Example.com/ü/%7e?z=1&ä=2&a=%2f#x');
    expect(canonicalizeUrl(once)).toBe(once);
  });

  it.each(['', 'example.com/a', '/relative/path', 'http://', 'http://exa mple.com/', 'http://example.com:99999/', 'http://[::1/'])(
    'throws a TypeError naming the invalid URL %j',
    (input) => {
      expect(() => canonicalizeUrl(input)).toThrow(new TypeError(`Invalid URL: ${JSON.stringify(input)}`));
    },
  );
});
