/**
 * A fast path around the WHATWG URL parser for the common case, plain http(s)
 * URLs and links: a crawl resolves, validates and canonicalizes every link of
 * every page (about 20 a page), and `new URL()` was the largest cost of that.
 *
 * `isNormalizedHttpUrl(s)` is true only for strings that `new URL(s).href`
 * returns unchanged, recognized by a deliberately narrow grammar: lowercase
 * http(s), a lowercase DNS name whose last label starts with a letter (so it is
 * no IPv4 shorthand) or a dotted-quad IPv4 address, no userinfo, no default or
 * zero-padded port, a path without dot segments or percent escapes, and
 * query/fragment characters that no parser rewrites. Anything else (false)
 * simply goes to the WHATWG parser; the test compares both on generated input.
 */

// Character classes, as bit flags: characters the WHATWG parser leaves as they are in a path,
// a special URL's query, and a fragment (the query loses "'", which it percent-encodes).
const PATH = 1;
const QUERY = 2;
const FRAGMENT = 4;
const CHAR_CLASS = new Uint8Array(128);
{
  const mark = (chars: string, flags: number) => {
    for (let i = 0; i < chars.length; i++) CHAR_CLASS[chars.charCodeAt(i)]! |= flags;
  };
  mark("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&()*+,;=:@/", PATH | QUERY | FRAGMENT);
  mark("'", PATH | FRAGMENT);
  mark('?', QUERY | FRAGMENT);
}

/**
 * The last URL found normalized. The same string is usually asked about twice
 * in a row: when a link is resolved, then when its Request is built.
 */
let lastNormalized: string | undefined;

/**
 * True when `new URL(url).href === url` is certain without parsing (see the
 * module comment); false means "parse it". A single pass over the string: a
 * regular expression for the same grammar cost as much as the parser it saves.
 */
export function isNormalizedHttpUrl(url: string): boolean {
  if (url === lastNormalized) return true;
  const pathStart = authorityEnd(url);
  if (pathStart < 0 || !isNormalizedPath(url, pathStart)) return false;
  lastNormalized = url;
  return true;
}

/** Where the path starts after a normalized 'http(s)://host[:port]', or -1. */
function authorityEnd(url: string): number {
  let at: number;
  if (url.startsWith('http://')) at = 7;
  else if (url.startsWith('https://')) at = 8;
  else return -1;
  const hostEnd = scanHost(url, at);
  if (hostEnd < 0) return -1;
  at = hostEnd;
  if (url.charCodeAt(at) === 0x3a /* : */) {
    const portStart = at + 1;
    let port = 0;
    for (at = portStart; at < url.length && at - portStart < 6; at++) {
      const digit = url.charCodeAt(at) - 0x30;
      if (digit < 0 || digit > 9) break;
      port = port * 10 + digit;
    }
    // No leading zero (the parser drops it), no default port (it drops that too), no out-of-range port.
    if (at === portStart || url.charCodeAt(portStart) === 0x30 || port > 65535) return -1;
    if (port === (url.charCodeAt(4) === 0x73 /* https */ ? 443 : 80)) return -1;
  }
  return at;
}

/**
 * Whether `url` from `at` is a path, query and fragment the parser keeps as
 * they are: a '/' (it adds one to an empty path), allowed characters, and no
 * '.' or '..' path segment (it removes those).
 */
function isNormalizedPath(url: string, at: number): boolean {
  if (url.charCodeAt(at) !== 0x2f /* / */) return false;
  let segmentStart = at + 1;
  for (at++; at < url.length; at++) {
    const c = url.charCodeAt(at);
    if (c === 0x2f || c === 0x3f || c === 0x23) {
      if (isDotSegment(url, segmentStart, at)) return false;
      if (c !== 0x2f) break;
      segmentStart = at + 1;
    } else if (c >= 128 || !(CHAR_CLASS[c]! & PATH)) {
      return false;
    }
  }
  if (at === url.length) return !isDotSegment(url, segmentStart, at);
  if (url.charCodeAt(at) === 0x3f) {
    for (at++; at < url.length; at++) {
      const c = url.charCodeAt(at);
      if (c === 0x23) break;
      if (c >= 128 || !(CHAR_CLASS[c]! & QUERY)) return false;
    }
  }
  for (at++; at < url.length; at++) {
    const c = url.charCodeAt(at);
    if (c >= 128 || !(CHAR_CLASS[c]! & FRAGMENT)) return false;
  }
  return true;
}

/**
 * The end of a host at `start` that the parser keeps as it is, or -1: a
 * lowercase DNS name whose labels start and end with a letter or digit, none
 * punycode ('xn--'), the last starting with a letter (else the parser reads an
 * IPv4 number); or a dotted-quad IPv4 address without leading zeros.
 */
function scanHost(url: string, start: number): number {
  let labels = 0;
  let numericLabels = 0;
  let at = start;
  for (;;) {
    const labelStart = at;
    let value = 0; // the label's number while it is all digits
    let numeric = true;
    for (; at < url.length; at++) {
      const c = url.charCodeAt(at);
      if (c >= 0x30 && c <= 0x39) value = value * 10 + (c - 0x30);
      else if ((c >= 0x61 && c <= 0x7a) || c === 0x2d) numeric = false;
      else break;
    }
    const length = at - labelStart;
    if (length === 0 || url.charCodeAt(labelStart) === 0x2d || url.charCodeAt(at - 1) === 0x2d) return -1;
    if (url.startsWith('xn--', labelStart)) return -1;
    labels++;
    if (numeric) {
      if (value > 255 || (length > 1 && url.charCodeAt(labelStart) === 0x30)) numericLabels = -Infinity; // not an IPv4 part
      else numericLabels++;
    }
    if (url.charCodeAt(at) !== 0x2e /* . */) {
      // The last label: a name's starts with a letter; otherwise all four are IPv4 parts.
      const c = url.charCodeAt(labelStart);
      if (c >= 0x61 && c <= 0x7a) return at;
      return labels === 4 && numericLabels === 4 ? at : -1;
    }
    at++;
  }
}

/** Whether `url[start, end)` is '.' or '..'. */
function isDotSegment(url: string, start: number, end: number): boolean {
  const length = end - start;
  if (length === 1) return url.charCodeAt(start) === 0x2e;
  return length === 2 && url.charCodeAt(start) === 0x2e && url.charCodeAt(start + 1) === 0x2e;
}

/** The parts of a URL that link filters read, as `URL` names them. */
export type UrlParts = Pick<URL, 'href' | 'protocol' | 'host' | 'hostname' | 'pathname'>;

/** The parts of a URL `isNormalizedHttpUrl` accepted, read off the string. */
export function normalizedUrlParts(href: string): UrlParts {
  const hostStart = href.indexOf('//') + 2;
  const pathStart = href.indexOf('/', hostStart);
  const host = href.slice(hostStart, pathStart);
  const colon = host.indexOf(':');
  let pathEnd = href.length;
  for (const mark of ['?', '#']) {
    const at = href.indexOf(mark, pathStart);
    if (at >= 0 && at < pathEnd) pathEnd = at;
  }
  return {
    href,
    protocol: href.slice(0, hostStart - 2),
    host,
    hostname: colon < 0 ? host : host.slice(0, colon),
    pathname: href.slice(pathStart, pathEnd),
  };
}

/** Where a link resolves against one base URL, by string concatenation when that is certain to match `new URL(link, base).href`. */
export class LinkResolver {
  readonly #origin: string | null;
  readonly #directory: string | null;

  /** `base` is an absolute URL; the fast path applies when it is a normalized http(s) one. */
  constructor(base: string) {
    if (!isNormalizedHttpUrl(base)) {
      this.#origin = this.#directory = null;
      return;
    }
    const { protocol, host, pathname } = normalizedUrlParts(base);
    this.#origin = `${protocol}//${host}`;
    this.#directory = this.#origin + pathname.slice(0, pathname.lastIndexOf('/') + 1);
  }

  /** The absolute URL of `link`, or null when only the WHATWG parser can tell. */
  resolve(link: string): string | null {
    if (this.#origin === null || link === '') return null;
    const first = link.charCodeAt(0);
    let candidate: string;
    if (first === 0x2f /* / */) {
      if (link.charCodeAt(1) === 0x2f || link.charCodeAt(1) === 0x5c) return null; // '//host' and '/\host' are scheme-relative
      candidate = this.#origin + link;
    } else if (link.startsWith('http://') || link.startsWith('https://')) {
      return isNormalizedHttpUrl(link) ? link : null;
    } else {
      // A path-relative link; a ':' in its first segment would make that a scheme.
      const colon = link.indexOf(':');
      if (colon >= 0) {
        const slash = link.indexOf('/');
        if (slash < 0 || colon < slash) return null;
      }
      if (first === 0x3f /* ? */ || first === 0x23 /* # */ || first === 0x2e /* . */) return null;
      candidate = this.#directory + link;
    }
    // The origin is the base's, normalized already: only the path onwards needs checking.
    if (!isNormalizedPath(candidate, this.#origin.length)) return null;
    lastNormalized = candidate;
    return candidate;
  }
}
