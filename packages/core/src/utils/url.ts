/** URL parsing that reports an invalid URL as null rather than throwing. */
import { isNormalizedHttpUrl, normalizedUrlParts } from './normalizedUrl.js';

/**
 * `new URL(url, base)`, or null when it is invalid. (Parse and catch: Node 20's
 * `URL.canParse` misjudges some non-ASCII strings once V8 has optimized it.)
 */
export function tryParseUrl(url: string, base?: string): URL | null {
  try {
    return new URL(url, base);
  } catch {
    return null;
  }
}

/** The lowercased host name of a URL (IPv6 in brackets), or '' when it has none. */
export function hostOf(url: string): string {
  if (isNormalizedHttpUrl(url)) return normalizedUrlParts(url).hostname;
  return tryParseUrl(url)?.hostname ?? '';
}
