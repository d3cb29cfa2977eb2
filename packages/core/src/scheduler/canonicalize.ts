/**
 * URL canonicalization for duplicate filtering, matching Scrapy's
 * `w3lib.url.canonicalize_url` (w3lib 2.1.1): query arguments sorted, percent
 * escapes normalized, non-ASCII UTF-8 encoded, host lowercased and
 * IDNA-encoded, fragment dropped.
 *
 * The URL is split as Python's `urlparse` splits it rather than by the WHATWG
 * parser, because w3lib keeps much of what WHATWG rewrites (`..` segments,
 * backslashes, IPv4 shorthands, port spelling). WHATWG `URL` only rejects
 * invalid input, and `domainToASCII` does the IDNA.
 *
 * One deliberate difference: the default port (`:80` for http, `:443` for
 * https) is dropped, as `new URL()`, and so `Request`, drops it; w3lib keeps it.
 */
import { domainToASCII } from 'node:url';
import { isNormalizedHttpUrl } from '../utils/normalizedUrl.js';

export interface CanonicalizeOptions {
  /** Keep the `#fragment` (default false). */
  keepFragments?: boolean;
  /** Keep query arguments with empty values, as in `?a=&b` (default true). */
  keepBlankValues?: boolean;
}

// ASCII character classes, as bit flags.
const UNRESERVED = 1; // Python quote()'s always-safe set; all a query argument keeps
const PATH_SAFE = 2; // w3lib's _path_safe_chars
const SAFE = 4; // w3lib's _safe_chars: path-safe plus '#'; for params and fragment
const CHAR_CLASS = new Uint8Array(128);
const HEX_VALUE = new Int8Array(128).fill(-1);
const PCT = Array.from({ length: 256 }, (_, byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`);
{
  const mark = (chars: string, flags: number) => {
    for (let i = 0; i < chars.length; i++) CHAR_CLASS[chars.charCodeAt(i)]! |= flags;
  };
  mark('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~', UNRESERVED | PATH_SAFE | SAFE);
  mark(":/?[]@!$&'()*+,;=|%", PATH_SAFE | SAFE);
  mark('#', SAFE);
  for (let i = 0; i < 16; i++) {
    HEX_VALUE[i.toString(16).charCodeAt(0)] = i;
    HEX_VALUE[i.toString(16).toUpperCase().charCodeAt(0)] = i;
  }
}

// A normalized http(s) URL (see isNormalizedHttpUrl) is canonical already, the common case, when it has
// no query or fragment to rework and no ';params': its path characters are all ones w3lib keeps as they are.
const QUERY_FRAGMENT_OR_PARAMS = /[?#;]/;
// The same for any URL the WHATWG parser has normalized (its host is lowercase, IDNA-encoded, without a
// default port): canonical when http(s) without userinfo, query, fragment, ';params' or percent escapes.
const CANONICAL_WHATWG_URL = /^https?:\/\/[^/@]*\/[\w\-.~:/@!$&'()*+,=[\]|]*$/;
const TAB_OR_NEWLINE = /[\t\n\r]/g;
const NON_ASCII = /[\x80-\uffff]/;
const IDNA_UNSAFE = /[\\%]/; // domainToASCII() would cut the host at '\' or decode '%XX'
const QUERY_SEPARATOR = /[&;]/;
const QUERY_ESCAPES = /[+%\x80-\uffff]/;
// Python's IDNA 2003 codec maps these "deviation" characters; Node's UTS #46 (non-transitional) keeps them.
const IDNA2003_DEVIATIONS = /[ßς\u200c\u200d]/g;
const IDNA2003_MAPPING: Record<string, string> = { ß: 'ss', ς: 'σ', '\u200c': '', '\u200d': '' };

// urllib.parse's scheme lists that shape w3lib's output: which schemes split
// `;params` off the last path segment, and which serialize `//` with no host.
const USES_PARAMS = new Set(['ftp', 'hdl', 'prospero', 'http', 'imap', 'https', 'shttp', 'rtsp', 'rtspu', 'sip', 'sips', 'mms', 'sftp', 'tel']);
const USES_NETLOC = new Set([
  'ftp', 'http', 'gopher', 'nntp', 'telnet', 'imap', 'wais', 'file', 'mms', 'https', 'shttp', 'snews',
  'prospero', 'rtsp', 'rtspu', 'rsync', 'svn', 'svn+ssh', 'sftp', 'nfs', 'git', 'git+ssh', 'ws', 'wss',
]);
const DEFAULT_PORT = new Map([['http', ':80'], ['https', ':443']]);

/**
 * The canonical form of `url`, as Scrapy's `canonicalize_url` computes it
 * (except that default ports are dropped). Throws a `TypeError` for a string
 * the WHATWG URL parser rejects, such as a relative URL.
 */
export function canonicalizeUrl(url: string | URL, options?: CanonicalizeOptions): string {
  const input = String(url);
  if (isNormalizedHttpUrl(input)) {
    if (!QUERY_FRAGMENT_OR_PARAMS.test(input)) return input;
  } else if (!isValidUrl(input)) {
    throw new TypeError(`Invalid URL: ${JSON.stringify(input)}`);
  }
  return canonicalize(input, options);
}

/**
 * `canonicalizeUrl` of a URL the WHATWG parser has normalized already, such as
 * a Request's: it is valid, so it is not checked again.
 */
export function canonicalizeWhatwgUrl(url: string): string {
  return CANONICAL_WHATWG_URL.test(url) ? url : canonicalize(url, undefined);
}

function canonicalize(input: string, options: CanonicalizeOptions | undefined): string {
  const s = strip(input);

  // A valid URL has a valid scheme before its first ':'.
  const colon = s.indexOf(':');
  const scheme = s.slice(0, colon).toLowerCase();
  let pathStart = colon + 1;
  let netloc = '';
  if (s.startsWith('//', pathStart)) {
    let end = pathStart + 2;
    while (end < s.length && !isNetlocEnd(s.charCodeAt(end))) end++;
    netloc = s.slice(pathStart + 2, end);
    pathStart = end;
  }
  const hash = s.indexOf('#', pathStart);
  const end = hash < 0 ? s.length : hash;
  const question = s.indexOf('?', pathStart);
  const pathEnd = question >= 0 && question < end ? question : end;
  let path = s.slice(pathStart, pathEnd);
  let params = '';
  if (USES_PARAMS.has(scheme)) {
    const semicolon = path.indexOf(';', path.lastIndexOf('/'));
    if (semicolon >= 0) {
      params = path.slice(semicolon + 1);
      path = path.slice(0, semicolon);
    }
  }

  let out = quote(path, PATH_SAFE, true) || '/';
  if (params) out += `;${quote(params, SAFE, false)}`;
  netloc = canonicalNetloc(netloc, scheme);
  // As urlunsplit: `http:a` comes out as `http:///a`, and `http:////a` as `http://a`.
  if (netloc || (USES_NETLOC.has(scheme) && !out.startsWith('//'))) {
    out = `//${netloc}${out.charCodeAt(0) === 0x2f ? out : `/${out}`}`;
  }
  out = `${scheme}:${out}`;
  const query = pathEnd < end ? canonicalQuery(s.slice(pathEnd + 1, end), options?.keepBlankValues ?? true) : '';
  // As urlunsplit, an empty query or fragment is dropped with its '?' or '#'.
  if (query) out += `?${query}`;
  if (options?.keepFragments && hash >= 0 && hash + 1 < s.length) out += `#${quote(s.slice(hash + 1), SAFE, false)}`;
  return out;
}

function isValidUrl(url: string): boolean {
  // Node 20's URL.canParse() misreads non-ASCII Latin-1 strings once V8
  // optimizes the call (`http://bücher.de/` turns invalid), so only trust it with ASCII.
  if (!NON_ASCII.test(url)) return URL.canParse(url);
  try {
    new URL(url);
    return true;
  } catch {
    return false;
  }
}

/** Trim C0 controls and spaces, and remove tabs and newlines, as w3lib (and the WHATWG parser) do. */
function strip(url: string): string {
  let start = 0;
  let end = url.length;
  while (start < end && url.charCodeAt(start) <= 0x20) start++;
  while (end > start && url.charCodeAt(end - 1) <= 0x20) end--;
  return url.slice(start, end).replace(TAB_OR_NEWLINE, '');
}

function isNetlocEnd(c: number): boolean {
  return c === 0x2f || c === 0x3f || c === 0x23; // '/', '?', '#'
}

/** As w3lib: IDNA-encoded, lowercased (userinfo too), trailing ':' dropped; and no default port. */
function canonicalNetloc(netloc: string, scheme: string): string {
  const lower = (NON_ASCII.test(netloc) ? idnaEncode(netloc) : netloc).toLowerCase();
  let end = lower.length;
  while (end > 0 && lower.charCodeAt(end - 1) === 0x3a) end--; // w3lib's rstrip(':')
  const defaultPort = DEFAULT_PORT.get(scheme);
  if (defaultPort && lower.endsWith(defaultPort, end)) end -= defaultPort.length;
  return end === lower.length ? lower : lower.slice(0, end);
}

/**
 * IDNA-encode the host of a non-ASCII netloc. w3lib encodes the whole netloc
 * label by label, mangling a userinfo next to the host (`user@bücher.de` gives
 * `xn--user@bcher-feb.de`) or a port (`例え.テスト:8080` gives
 * `xn--r8jz45g.xn--:8080-kq4djdra`); only the host is encoded here. If that fails the netloc is kept, as w3lib keeps it.
 */
function idnaEncode(netloc: string): string {
  const hostStart = netloc.lastIndexOf('@') + 1;
  const portStart = netloc.indexOf(':', hostStart); // a non-ASCII host is no IPv6 literal
  const hostEnd = portStart < 0 ? netloc.length : portStart;
  const host = netloc.slice(hostStart, hostEnd);
  const ascii = IDNA_UNSAFE.test(host) ? '' : domainToASCII(host.replace(IDNA2003_DEVIATIONS, (c) => IDNA2003_MAPPING[c]!));
  return ascii ? netloc.slice(0, hostStart) + ascii + netloc.slice(hostEnd) : netloc;
}

/**
 * Percent-encode `s` as UTF-8, leaving ASCII characters of class `safe` as
 * they are. With `decode` (w3lib's path normalization), existing escapes are
 * decoded first, except `%2F` and `%3F`: those would change the path's
 * meaning, so they are only uppercased. A decoded `%25` stays a bare `%`, as
 * in w3lib.
 */
function quote(s: string, safe: number, decode: boolean): string {
  let out = '';
  let copied = 0; // s[copied, i) is still to be copied unchanged
  for (let i = 0; i < s.length; ) {
    const c = s.charCodeAt(i);
    let next = i + 1;
    let replacement: string;
    const byte = decode && c === 0x25 ? hexByte(s, i + 1) : -1;
    if (byte >= 0) {
      next = i + 3;
      replacement = byte >= 0x80 || byte === 0x2f || byte === 0x3f || !(CHAR_CLASS[byte]! & safe) ? PCT[byte]! : String.fromCharCode(byte);
      if (replacement.length === 3 && s.startsWith(replacement, i)) {
        i = next; // already normalized
        continue;
      }
    } else if (c >= 0x80) {
      while (next < s.length && s.charCodeAt(next) >= 0x80) next++;
      replacement = '';
      const bytes = utf8(s.slice(i, next));
      for (let j = 0; j < bytes.length; j++) replacement += PCT[bytes.charCodeAt(j)];
    } else if (CHAR_CLASS[c]! & safe) {
      i = next;
      continue;
    } else {
      replacement = PCT[c]!;
    }
    out += s.slice(copied, i) + replacement;
    copied = i = next;
  }
  return copied === 0 ? s : out + s.slice(copied);
}

/** The query re-serialized as w3lib does: split on `&` and `;`, decoded to bytes, sorted, re-encoded. */
function canonicalQuery(query: string, keepBlankValues: boolean): string {
  const args: Array<[name: string, value: string]> = [];
  for (const field of query.split(QUERY_SEPARATOR)) {
    if (!field) continue;
    const eq = field.indexOf('=');
    const value = eq < 0 ? '' : field.slice(eq + 1);
    if (!value && !keepBlankValues) continue;
    args.push([unquotePlus(eq < 0 ? field : field.slice(0, eq)), unquotePlus(value)]);
  }
  args.sort(compareArgs);
  let out = '';
  for (let i = 0; i < args.length; i++) {
    const [name, value] = args[i]!;
    out += `${i ? '&' : ''}${quotePlus(name)}=${quotePlus(value)}`;
  }
  return out;
}

/** Binary strings (one char per byte) compare as Python compares bytes. */
function compareArgs([aName, aValue]: [string, string], [bName, bValue]: [string, string]): number {
  if (aName !== bName) return aName < bName ? -1 : 1;
  return aValue < bValue ? -1 : aValue > bValue ? 1 : 0;
}

/** Decode a query argument (`+` is a space) to a binary string of its bytes. */
function unquotePlus(s: string): string {
  if (!QUERY_ESCAPES.test(s)) return s;
  let out = '';
  for (let i = 0; i < s.length; ) {
    const c = s.charCodeAt(i);
    const byte = c === 0x25 ? hexByte(s, i + 1) : -1;
    if (byte >= 0) {
      out += String.fromCharCode(byte);
      i += 3;
    } else if (c >= 0x80) {
      let next = i + 1;
      while (next < s.length && s.charCodeAt(next) >= 0x80) next++;
      out += utf8(s.slice(i, next));
      i = next;
    } else {
      out += c === 0x2b ? ' ' : s[i];
      i++;
    }
  }
  return out;
}

/** Python's quote_plus() of a binary string: unreserved characters kept, space as `+`. */
function quotePlus(s: string): string {
  let out = '';
  let copied = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80 && CHAR_CLASS[c]! & UNRESERVED) continue;
    out += s.slice(copied, i) + (c === 0x20 ? '+' : PCT[c]);
    copied = i + 1;
  }
  return copied === 0 ? s : out + s.slice(copied);
}

/** The byte of the two hex digits at `s[i]`, or -1. */
function hexByte(s: string, i: number): number {
  const hi = s.charCodeAt(i);
  const lo = s.charCodeAt(i + 1);
  if (!(hi < 128 && lo < 128)) return -1; // also catches NaN past the end
  const h = HEX_VALUE[hi]!;
  const l = HEX_VALUE[lo]!;
  return h < 0 || l < 0 ? -1 : h * 16 + l;
}

/** UTF-8 bytes as a binary string; a lone surrogate becomes U+FFFD, as in the WHATWG parser. */
function utf8(s: string): string {
  return Buffer.from(s, 'utf8').toString('latin1');
}
