/**
 * `HEAP_GROWTH_PERCENT`: how far V8 lets the old generation grow past the
 * live heap before its next full collection. V8's own choice (adaptive, up to
 * about 4x) suits short programs; in a long crawl it lets the garbage that
 * reaches the old generation pile up to several times the live heap. A fixed
 * 30% keeps peak memory near what the crawl really holds, for a little more GC
 * work. The flag is process-wide: the last crawler to start in a process with
 * a non-zero value sets it.
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
