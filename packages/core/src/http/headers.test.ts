import { describe, expect, it } from 'vitest';
import { Headers } from './headers.js';

describe('Headers', () => {
  it('gets and tests names case-insensitively, keeping the first spelling', () => {
    const headers = new Headers({ 'Content-Type': 'text/html' });
    expect(headers.get('content-type')).toBe('text/html');
    expect(headers.get('CONTENT-TYPE')).toBe('text/html');
    expect(headers.has('Content-type')).toBe(true);
    expect(headers.get('missing')).toBeNull();
    expect([...headers]).toEqual([['Content-Type', 'text/html']]);
  });

  it('keeps several values for one name, in order', () => {
    const headers = new Headers([['Set-Cookie', 'a=1'], ['set-cookie', 'b=2']]);
    headers.append('SET-COOKIE', 'c=3');
    expect(headers.get('set-cookie')).toBe('c=3'); // the last value, as Scrapy's headers.get
    expect(headers.getAll('Set-Cookie')).toEqual(['a=1', 'b=2', 'c=3']);
    expect(headers.size).toBe(1);
    expect([...headers]).toEqual([['Set-Cookie', 'a=1'], ['Set-Cookie', 'b=2'], ['Set-Cookie', 'c=3']]);
  });

  it('replaces every value on set, and stringifies numbers', () => {
    const headers = new Headers({ Accept: ['a', 'b'] });
    headers.set('accept', 'c').set('Content-Length', 42);
    expect(headers.getAll('Accept')).toEqual(['c']);
    expect(headers.get('content-length')).toBe('42');
  });

  it('sets a default only when the header is absent, whatever its case', () => {
    const headers = new Headers({ 'user-agent': 'mine' });
    headers.setDefault('User-Agent', 'default').setDefault('Accept', '*/*');
    expect(headers.get('User-Agent')).toBe('mine');
    expect(headers.get('accept')).toBe('*/*');
  });

  it('deletes case-insensitively', () => {
    const headers = new Headers({ Cookie: 'a=1' });
    expect(headers.delete('COOKIE')).toBe(true);
    expect(headers.has('cookie')).toBe(false);
    expect(headers.delete('cookie')).toBe(false);
  });

  it('skips undefined values and accepts numbers in an object', () => {
    const headers = new Headers({ A: undefined, B: 1 });
    expect(headers.has('a')).toBe(false);
    expect(headers.get('b')).toBe('1');
  });

  it('gives one key per header to HTTP clients, arrays for repeated ones', () => {
    const headers = new Headers([['Accept', 'text/html'], ['X-Multi', '1'], ['x-multi', '2']]);
    expect(headers.toObject()).toEqual({ Accept: 'text/html', 'X-Multi': ['1', '2'] });
  });

  it('copies another Headers without sharing values', () => {
    const original = new Headers({ A: ['1'] });
    const copy = new Headers(original);
    copy.append('a', '2');
    copy.set('B', 'x');
    expect(original.getAll('a')).toEqual(['1']);
    expect(original.has('b')).toBe(false);
  });
});
