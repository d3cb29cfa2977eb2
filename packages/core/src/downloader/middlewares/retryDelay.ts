/**
 * How long to wait before a retry: the server's Retry-After when it sent one,
 * else exponential backoff with full jitter (a uniform random delay in
 * [0, base·2^(attempt-1)]), both capped at `max`. Pure functions.
 */

export interface RetryDelayOptions {
  /** Seconds: the backoff window of the first retry; 0 disables backoff. */
  base: number;
  /** Seconds: cap on any delay, Retry-After included; 0 means never wait. */
  max: number;
  /** Seconds the server asked for (Retry-After), if any. */
  retryAfter?: number | null;
  /** A number in [0, 1); tests pass a fixed one. */
  random?: () => number;
}

/** Seconds to wait before retry number `attempt` (1 for the first retry). */
export function retryDelay(attempt: number, { base, max, retryAfter = null, random = Math.random }: RetryDelayOptions): number {
  if (!(max > 0)) return 0;
  if (retryAfter !== null && retryAfter >= 0) return Math.min(retryAfter, max);
  if (!(base > 0)) return 0;
  return random() * Math.min(max, base * 2 ** Math.max(0, attempt - 1));
}

/** Seconds from a Retry-After value (delay-seconds or an HTTP-date, relative to `now` in ms); null when absent or malformed. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | null {
  const text = value?.trim();
  if (!text) return null;
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  if (!/[a-z]/i.test(text)) return null;
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : Math.max(0, (date - now) / 1000);
}
