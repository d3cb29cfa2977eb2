/**
 * `HEAP_GROWTH_PERCENT`: how far V8 lets the old generation grow past the
 * live heap before its next full collection. V8's own choice (adaptive, up to
 * about 4x) suits short programs; a crawl allocates a DOM and many requests
 * per page that mostly die, so the adaptive factor lets garbage pile up to
 * several times the live heap. A fixed 30% keeps peak memory close to what
 * the crawl really holds, for a few percent more GC work (docs/benchmark.md).
 * The flag is process-wide: the last crawler to start in a process sets it.
 */
import v8 from 'node:v8';
import { SettingsError } from '../errors.js';

/** Percent values accepted; 0 leaves V8's adaptive growth alone. */
const MAX_PERCENT = 1000;

export function applyHeapGrowth(percent: number): void {
  if (!Number.isInteger(percent) || percent < 0 || percent > MAX_PERCENT) {
    throw new SettingsError(`setting HEAP_GROWTH_PERCENT must be a whole number from 0 (V8's adaptive default) to ${MAX_PERCENT}, got ${percent}`);
  }
  // V8 reads this flag each time it sets the next collection's limit, so setting it at run time takes effect.
  v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}
