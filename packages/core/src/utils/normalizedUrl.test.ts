import { describe, expect, it } from 'vitest';
import { isNormalizedHttpUrl, LinkResolver, normalizedUrlParts } from './normalizedUrl.js';
import { hostOf } from './url.js';

/** A seeded generator (mulberry32), so the generated cases are the same on every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SCHEMES = ['http://', 'https://', 'HTTP://', 'Https://', 'ftp://', 'http:', 'http:/'];
const HOSTS = [
  'example.com', 'Example.com', 'a.b.example.org', 'localhost', '127.0.0.1', '0.0.0.0', '255.255.255.255', '127.1', '1.2.3.4.5',
  '256.1.1.1', '01.2.3.4', '0x7f.0.0.1', '1.2.3.0x4', 'xn--bcher-kva.de', 'xn--a.com', 'bücher.de', 'a-.com', '-a.com', 'a..b',
  'a_b.com', '1.com', 'com.1', 'a.1a', 'a.b1', '', 'a.com.', 'user@a.com', 'a%41.com', 'a b.com', '[::1]', 'a.-b.com', 'ab-.cd',
  '1a.com', '999.1.1.1', '1.2.3.04', '1.2.3.4.com', 'xn--', 'axn--b.com', 'a.xn--b', '0.0.0.00', 'A.com', '.a.com', 'a.com:x',
];
const PORTS = ['', ':80', ':443', ':8080', ':080', ':0', ':65535', ':65536', ':1', ':', ':99999', ':8411', ':00', ':123456', ':443x'];
const SEGMENTS = ['', 'a', '.', '..', '%2e', '.%2E', 'b.c', '.b', 'b.', '%41', '~x', 'a b', '\\', 'é', '|', '[x]', "'", ';p=1', ':', '@', "!$&()*+,=", '"', '<', '^', '`', '{', '\t', 'page', '123'];
const QUERIES = ['a=1', 'b', "'", '%20', '&', '?', 'é', ' ', 'x=/y', '[', '"', '#', ':@', '~'];
const FRAGMENTS = ['top', "'", ' ', '%', 'a#b', 'é', '`', '/x?y', '"', '<'];

function pick<T>(next: () => number, list: readonly T[]): T {
  return list[Math.floor(next() * list.length)]!;
}

function randomPath(next: () => number): string {
  let path = '';
  const segments = Math.floor(next() * 4);
  for (let i = 0; i < segments; i++) path += `/${pick(next, SEGMENTS)}`;
  if (next() < 0.3) path += '/';
  return path;
}

function randomTail(next: () => number): string {
  let tail = '';
  if (next() < 0.3) tail += `?${pick(next, QUERIES)}${next() < 0.5 ? `&${pick(next, QUERIES)}` : ''}`;
  if (next() < 0.2) tail += `#${pick(next, FRAGMENTS)}`;
  return tail;
}

function whatwg(url: string, base?: string): string | null {
  try {
    return new URL(url, base).href;
  } catch {
    return null;
  }
}

describe('isNormalizedHttpUrl (and normalizedUrlParts and hostOf, which read such URLs without parsing)', () => {
  it('rejects the empty string as its first answer (it remembers its last accepted URL)', () => {
    expect(isNormalizedHttpUrl('')).toBe(false);
  });

  it('accepts common normalized URLs', () => {
    for (const url of [
      'http://example.com/',
      'https://www.example.com/catalogue/page-2.html',
      'http://127.0.0.1:8411/page/5328',
      'https://example.com:8443/a/b?x=1&y=2#top',
      'http://books.toscrape.com/catalogue/a-light-in-the-attic_1000/index.html',
      "https://en.wikipedia.org/wiki/Python_(programming_language)",
    ]) {
      expect(isNormalizedHttpUrl(url), url).toBe(true);
      expect(new URL(url).href).toBe(url);
    }
  });

  it('leaves to the WHATWG parser every URL it would rewrite', () => {
    for (const url of [
      '', 'http:', 'http://', 'http:///a',
      'http://example.com', // no path: '/' is added
      'HTTP://example.com/', 'http://Example.com/', // case
      'http://example.com:80/', 'https://example.com:443/', 'http://example.com:080/', // ports
      'http://127.1/', 'http://0x7f.0.0.1/', 'http://example.1/', // IPv4 forms
      'http://xn--bcher-kva.de/', 'http://bücher.de/', // IDNA
      'http://example.com/a/./b', 'http://example.com/a/../b', 'http://example.com/a/..', // dot segments
      'http://example.com/%2e/', 'http://example.com/a b', 'http://example.com/a\\b', 'http://example.com/é',
      "http://example.com/?a='", 'http://user@example.com/', 'http://example.com/a\tb',
    ]) {
      expect(isNormalizedHttpUrl(url), url).toBe(false);
    }
  });

  it('agrees with new URL() on 20,000 generated URLs', () => {
    const next = random(1);
    let accepted = 0;
    for (let i = 0; i < 20_000; i++) {
      // Half of them near the accepted shape, to exercise both answers.
      const near = i % 2 === 0;
      const scheme = near ? pick(next, SCHEMES.slice(0, 2)) : pick(next, SCHEMES);
      const host = near ? pick(next, HOSTS.slice(0, 9)) : pick(next, HOSTS);
      const url = `${scheme}${host}${pick(next, PORTS)}${near ? '/' : ''}${randomPath(next)}${randomTail(next)}`;
      if (!isNormalizedHttpUrl(url)) continue;
      accepted++;
      expect(whatwg(url), url).toBe(url);
      expect(hostOf(url), url).toBe(new URL(url).hostname);
      const parsed = new URL(url);
      expect(normalizedUrlParts(url), url).toEqual({ href: parsed.href, protocol: parsed.protocol, host: parsed.host, hostname: parsed.hostname, pathname: parsed.pathname });
    }
    expect(accepted).toBeGreaterThan(500); // the fast path is exercised, not only the fallback
  });
});

describe('LinkResolver', () => {
  it('resolves absolute-path, path-relative and absolute links without the parser', () => {
    const resolver = new LinkResolver('http://127.0.0.1:8411/catalogue/page-1.html?sort=asc#list');
    expect(resolver.resolve('/page/2')).toBe('http://127.0.0.1:8411/page/2');
    expect(resolver.resolve('page-2.html')).toBe('http://127.0.0.1:8411/catalogue/page-2.html');
    expect(resolver.resolve('book_1/index.html?x=1#y')).toBe('http://127.0.0.1:8411/catalogue/book_1/index.html?x=1#y');
    expect(resolver.resolve('https://example.com/a')).toBe('https://example.com/a');
  });

  it('returns null where only the parser can tell', () => {
    const resolver = new LinkResolver('http://example.com/a/b');
    for (const link of ['', '?q=1', '#top', './c', '../c', '//other.com/', '/\\other.com', 'mailto:me@example.com', 'a:b/c', ' /c', '/c d', 'HTTP://example.com/', '/a/../c']) {
      expect(resolver.resolve(link), link).toBeNull();
    }
    expect(new LinkResolver('http://Example.com/').resolve('/a')).toBeNull(); // a base it cannot vouch for
    expect(new LinkResolver('file:///tmp/a.html').resolve('b.html')).toBeNull();
  });

  it('agrees with new URL(link, base) on 20,000 generated links', () => {
    const next = random(2);
    const bases = [
      'http://example.com/', 'http://example.com/a/b/c.html?q=1#f', 'https://example.com:8443/dir/', 'http://127.0.0.1:8411/page/3',
      'http://example.com/a/b?x=/y/z', 'http://example.com/a#/frag/ment', 'http://Example.com/a/', 'http://example.com:80/a',
    ];
    const prefixes = ['', '/', '//', '/\\', './', '../', '?', '#', 'http://example.org', 'https://example.com', 'HTTP://x.com', 'mailto:', 'a:', 'x/y:', ' ', '\\'];
    let resolved = 0;
    for (let i = 0; i < 20_000; i++) {
      const base = pick(next, bases);
      const link = `${pick(next, prefixes)}${randomPath(next).slice(next() < 0.5 ? 1 : 0)}${randomTail(next)}`;
      const fast = new LinkResolver(base).resolve(link);
      if (fast === null) continue;
      resolved++;
      expect(fast, `${link} against ${base}`).toBe(whatwg(link, base));
    }
    expect(resolved).toBeGreaterThan(500);
  });
});
