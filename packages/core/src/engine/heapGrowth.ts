/**
 * `HEAP_GROWTH_PERCENT`: how far V8 lets the old generation grow past the
 * live heap before its next full collection. Off (0) by default: V8's
 * adaptive growth (up to about 4x) keeps the benchmark crawl near 135 MB, as
 * little of a crawl's garbage reaches the old generation (docs/benchmark.md).
 * A fixed percentage caps peak memory for a crawl that promotes more garbage
 * (large pages, big items), for more frequent full collections. The flag is
 * process-wide: the last crawler to start in a process with a non-zero value sets it.
 */
import v8 from 'node:v8';
import { SettingsError } from '../errors.js';

/** Percent values accepted; 0 leaves V8's growth as it is. */
const MAX_PERCENT = 1000;

export function applyHeapGrowth(percent: number): void {
  if (!Number.isInteger(percent) || percent < 0 || percent > MAX_PERCENT) {
    throw new SettingsError(`setting HEAP_GROWTH_PERCENT must be a whole number from 0 (V8's adaptive default) to ${MAX_PERCENT}, got ${percent}`);
  }
  if (percent === 0) return; // V8's own choice, or what `node --heap-growing-percent` asked for
  // V8 reads this flag each time it sets the next collection's limit, so setting it at run time takes effect.
  v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}
