/**
 * `HEAP_GROWTH_PERCENT`: how far V8 lets the old generation grow past the
 * live heap before its next full collection. V8's own choice (adaptive, up to
 * about 4x) suits short programs; in a long crawl it lets the garbage that
 * reaches the old generation pile up to several times the live heap. The flag
 * is process-wide, so only the process's owner sets it: `CrawlerProcess` (and
 * through it the `arachne` command), never a `Crawler`.
 */
import v8 from 'node:v8';

/** 0 leaves V8's growth as it is (its own choice, or what `node --heap-growing-percent` asked for). */
export function applyHeapGrowth(percent: number): void {
  if (percent === 0) return;
  // V8 reads this flag each time it sets the next collection's limit, so setting it at run time takes effect.
  v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}
