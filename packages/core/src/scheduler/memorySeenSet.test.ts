import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MemorySeenSet } from './memorySeenSet.js';
import { requestFingerprint } from './fingerprint.js';

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');

describe('MemorySeenSet', () => {
  it('says whether a fingerprint is new', () => {
    const seen = new MemorySeenSet();
    const a = requestFingerprint({ method: 'GET', url: 'http://example.com/a' });
    const b = requestFingerprint({ method: 'GET', url: 'http://example.com/b' });
    expect(seen.add(a)).toBe(true);
    expect(seen.add(a)).toBe(false);
    expect(seen.add(requestFingerprint({ method: 'GET', url: 'http://example.com/a#top' }))).toBe(false);
    expect(seen.add(b)).toBe(true);
    expect(seen.size).toBe(2);
  });

  it('agrees with a Set of strings over 200,000 fingerprints with repeats, through many resizes', () => {
    const seen = new MemorySeenSet();
    const oracle = new Set<string>();
    for (let i = 0; i < 200_000; i++) {
      const fingerprint = sha1(`url-${i % 120_000}`);
      const expected = !oracle.has(fingerprint);
      oracle.add(fingerprint);
      if (seen.add(fingerprint) !== expected) throw new Error(`disagrees at ${i}`);
    }
    expect(seen.size).toBe(oracle.size);
    expect(seen.size).toBe(120_000);
  });

  it('keeps any other string whole: custom fingerprints, upper-case hex, wrong lengths', () => {
    const seen = new MemorySeenSet();
    const upper = sha1('x').toUpperCase();
    for (const key of ['a', 'b', upper, `${sha1('x').slice(0, 39)}g`, `${sha1('x')}0`, '']) {
      expect(seen.add(key)).toBe(true);
      expect(seen.add(key)).toBe(false);
    }
    // The lower-case form of a stored upper-case key is a different string, so a new fingerprint.
    expect(seen.add(sha1('x'))).toBe(true);
    expect(seen.size).toBe(7);
  });

  it('stores the all-zero digest and fingerprints that share a table slot', () => {
    const seen = new MemorySeenSet();
    const zero = '0'.repeat(40);
    expect(seen.add(zero)).toBe(true);
    expect(seen.add(zero)).toBe(false);
    // Same low word (same slot), different high word: both stored, each found again.
    const lowWord = randomBytes(4).toString('hex');
    const first = `00000001${lowWord}${'0'.repeat(24)}`;
    const second = `00000002${lowWord}${'0'.repeat(24)}`;
    expect(seen.add(first)).toBe(true);
    expect(seen.add(second)).toBe(true);
    expect(seen.add(first)).toBe(false);
    expect(seen.add(second)).toBe(false);
    expect(seen.size).toBe(3);
  });
});
