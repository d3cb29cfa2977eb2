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

/**
 * `href` without an empty query (`?`) or an empty fragment (`#`). The WHATWG
 * serializer keeps them (`page.html#`); Python's `urlunsplit`, so Scrapy,
 * never writes them, and spiders filter, compare and deduplicate URLs as
 * Scrapy writes them.
 */
export function dropEmptyQueryAndFragment(href: string): string {
  let url = href;
  let hash = url.indexOf('#');
  if (hash !== -1 && hash === url.length - 1) {
    url = url.slice(0, hash);
    hash = -1;
  }
  const question = url.indexOf('?');
  if (question === -1 || (hash !== -1 && question > hash)) return url;
  const queryEnd = hash === -1 ? url.length : hash;
  return question === queryEnd - 1 ? url.slice(0, question) + url.slice(queryEnd) : url;
}

/**
 * A reference with an empty path and an empty query (`?`, `?#top`) keeps the
 * base URL's query, as Python's `urljoin` (so Scrapy) resolves it; the WHATWG
 * parser empties the query instead.
 */
export function withBaseQuery(reference: string, base: string): string {
  if (reference.charCodeAt(0) !== 0x3f /* ? */ || (reference.length > 1 && reference.charCodeAt(1) !== 0x23) /* # */) return reference;
  const question = base.indexOf('?');
  if (question === -1) return reference;
  const hash = base.indexOf('#', question);
  return base.slice(question, hash === -1 ? base.length : hash) + reference.slice(1);
}

/** `value` without leading and trailing HTML whitespace (space, tab, LF, CR, FF), as w3lib's `strip_html5_whitespace`. */
export function stripHtml5Whitespace(value: string): string {
  return value.replace(/^[ \t\n\r\f]+|[ \t\n\r\f]+$/g, '');
}
