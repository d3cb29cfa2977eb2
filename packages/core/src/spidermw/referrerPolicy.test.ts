import { describe, expect, it } from 'vitest';
import { REFERRER_POLICIES, ReferrerSource, policyFromHeader, referrerPolicy, type ReferrerPolicyName } from './referrerPolicy.js';

const CASES: Array<[from: string, to: string]> = [
  ['https://u:p@a.example/x?q=1#f', 'https://a.example/y'],
  ['https://a.example/x', 'http://a.example/y'],
  ['https://a.example/x', 'https://b.example/y'],
  ['http://a.example:8080/x', 'http://a.example:8080/z'],
  ['http://a.example/x', 'https://b.example/'],
  ['file:///tmp/page.html', 'http://a.example/'],
  ['data:text/html,hi', 'http://a.example/'],
];

// Scrapy 2.8's answers for CASES, except the data: URL under origin-when-cross-origin,
// where Scrapy sends "data:/" and the W3C spec (and we) send nothing.
const EXPECTED: Record<ReferrerPolicyName, Array<string | null>> = {
  'no-referrer': [null, null, null, null, null, null, null],
  'no-referrer-when-downgrade': ['https://a.example/x?q=1', null, 'https://a.example/x', 'http://a.example:8080/x', 'http://a.example/x', 'file:///tmp/page.html', null],
  'same-origin': ['https://a.example/x?q=1', null, null, 'http://a.example:8080/x', null, null, null],
  origin: ['https://a.example/', 'https://a.example/', 'https://a.example/', 'http://a.example:8080/', 'http://a.example/', 'file:///', null],
  'strict-origin': ['https://a.example/', null, 'https://a.example/', 'http://a.example:8080/', 'http://a.example/', 'file:///', null],
  'origin-when-cross-origin': ['https://a.example/x?q=1', 'https://a.example/', 'https://a.example/', 'http://a.example:8080/x', 'http://a.example/', 'file:///', null],
  'strict-origin-when-cross-origin': ['https://a.example/x?q=1', null, 'https://a.example/', 'http://a.example:8080/x', 'http://a.example/', 'file:///', null],
  'unsafe-url': ['https://a.example/x?q=1', 'https://a.example/x', 'https://a.example/x', 'http://a.example:8080/x', 'http://a.example/x', 'file:///tmp/page.html', null],
  'scrapy-default': ['https://a.example/x?q=1', null, 'https://a.example/x', 'http://a.example:8080/x', 'http://a.example/x', null, null],
};

describe('referrer policies', () => {
  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(`${name} matches Scrapy`, () => {
      const policy = REFERRER_POLICIES[name as ReferrerPolicyName];
      expect(CASES.map(([from, to]) => policy(new ReferrerSource(from), to))).toEqual(expected);
    });
  }

  it('finds policies by name, case-insensitively, with Scrapy\'s aliases', () => {
    expect(referrerPolicy('Same-Origin')).toBe(REFERRER_POLICIES['same-origin']);
    expect(referrerPolicy('default')).toBe(REFERRER_POLICIES['scrapy-default']);
    expect(referrerPolicy('')).toBe(REFERRER_POLICIES['no-referrer-when-downgrade']);
    expect(referrerPolicy('no-such-policy')).toBeNull();
  });

  it('takes the last recognized token of a Referrer-Policy header', () => {
    expect(policyFromHeader('no-referrer, origin')).toBe(REFERRER_POLICIES.origin);
    expect(policyFromHeader('origin, made-up-policy')).toBe(REFERRER_POLICIES.origin);
    expect(policyFromHeader('made-up-policy')).toBeNull();
  });
});
