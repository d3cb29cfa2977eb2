import { describe, expect, it } from 'vitest';
import { parseRetryAfter, retryDelay } from './retryDelay.js';

describe('retryDelay', () => {
  const top = () => 0.999999;
  const half = () => 0.5;

  it('draws from a window that doubles with each attempt (full jitter)', () => {
    expect(retryDelay(1, { base: 0.5, max: 60, random: top })).toBeCloseTo(0.5);
    expect(retryDelay(2, { base: 0.5, max: 60, random: top })).toBeCloseTo(1);
    expect(retryDelay(3, { base: 0.5, max: 60, random: top })).toBeCloseTo(2);
    expect(retryDelay(3, { base: 0.5, max: 60, random: half })).toBeCloseTo(1);
    expect(retryDelay(3, { base: 0.5, max: 60, random: () => 0 })).toBe(0);
  });

  it('caps the window at max, even for huge attempt numbers', () => {
    expect(retryDelay(10, { base: 1, max: 60, random: top })).toBeCloseTo(60);
    expect(retryDelay(5000, { base: 1, max: 60, random: half })).toBe(30);
  });

  it('stays within [0, window) with the real random source', () => {
    for (let i = 0; i < 200; i++) {
      const delay = retryDelay(2, { base: 1, max: 60 });
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(2);
    }
  });

  it('uses Retry-After instead of the backoff, capped at max', () => {
    expect(retryDelay(1, { base: 0.5, max: 60, retryAfter: 7, random: top })).toBe(7);
    expect(retryDelay(1, { base: 0.5, max: 60, retryAfter: 0, random: top })).toBe(0);
    expect(retryDelay(1, { base: 0.5, max: 10, retryAfter: 3600 })).toBe(10);
  });

  it('honours Retry-After even with backoff disabled', () => {
    expect(retryDelay(1, { base: 0, max: 60, retryAfter: 2 })).toBe(2);
    expect(retryDelay(4, { base: 0, max: 60, random: top })).toBe(0);
  });

  it('never waits when max is 0 (Scrapy behaviour)', () => {
    expect(retryDelay(3, { base: 0.5, max: 0, random: top })).toBe(0);
    expect(retryDelay(1, { base: 0.5, max: 0, retryAfter: 30 })).toBe(0);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');

  it('reads delay-seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('1.5', now)).toBe(1.5);
  });

  it('reads an HTTP-date relative to now, never negative', () => {
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
  });

  it('returns null for missing or malformed values', () => {
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter('', now)).toBeNull();
    expect(parseRetryAfter('-5', now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter('1.2.3', now)).toBeNull();
  });
});
