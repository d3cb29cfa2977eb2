/**
 * robots.txt path matching (RFC 9309 §2.2.2–2.2.3): a rule's pattern is a
 * path prefix in which `*` matches any run of characters and a final `$`
 * anchors the end. Patterns and URL paths are brought to one form before
 * comparing: escapes of unreserved characters decoded (`/%7Efoo` is `/~foo`),
 * other escapes upper-cased, non-ASCII and unsafe characters percent-encoded
 * as UTF-8, and a literal `*` or `$` in a URL encoded (`%2A`, `%24`), so a
 * pattern reaches them only through their escapes, as the RFC's examples do.
 */

/** Characters that may need work; a path without any of them is already normal. */
const NEEDS_NORMALIZING = /[^A-Za-z0-9\-._~!&'()+,;=:@/?]/;
const UNSAFE_ASCII = new Set([...'"<>\\^`{|}']);

function isHexDigit(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102);
}

function isUnreserved(code: number): boolean {
  return (
    (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || (code >= 48 && code <= 57) ||
    code === 45 || code === 46 || code === 95 || code === 126
  );
}

function escapeByte(code: number): string {
  return `%${code.toString(16).toUpperCase().padStart(2, '0')}`;
}

/**
 * The comparable form of a URL path (with its query) or of a pattern body.
 * In a pattern (`keepWildcard`) `*` stays an operator; everywhere else `*` and `$` are escaped.
 */
export function normalizeRobotsPath(path: string, keepWildcard = false): string {
  if (!NEEDS_NORMALIZING.test(path)) return path;
  let out = '';
  for (let i = 0; i < path.length; i++) {
    const code = path.charCodeAt(i);
    if (code === 37 /* % */ && isHexDigit(path.charCodeAt(i + 1)) && isHexDigit(path.charCodeAt(i + 2))) {
      const byte = parseInt(path.slice(i + 1, i + 3), 16);
      out += isUnreserved(byte) ? String.fromCharCode(byte) : escapeByte(byte);
      i += 2;
    } else if (code >= 0x80) {
      const char = String.fromCodePoint(path.codePointAt(i)!);
      out += encodeUtf8(char);
      i += char.length - 1;
    } else if (code <= 0x20 || code === 0x7f || UNSAFE_ASCII.has(path[i]!) || code === 36 /* $ */ || (code === 42 /* * */ && !keepWildcard)) {
      out += escapeByte(code);
    } else {
      out += path[i];
    }
  }
  return out;
}

function encodeUtf8(char: string): string {
  try {
    return encodeURIComponent(char);
  } catch {
    return '%EF%BF%BD'; // a lone surrogate: U+FFFD, as a UTF-8 decoder would have produced
  }
}

/** One Allow or Disallow line of a group. */
export class RobotsRule {
  /** Length of the normalized pattern: the longest matching rule decides. */
  readonly specificity: number;
  /** The pattern's literal runs between `*`s. */
  readonly #parts: string[];
  /** The pattern ended with `$`: the path must end where the pattern does. */
  readonly #anchored: boolean;

  /** `pattern` as written after `Allow:` or `Disallow:` (non-empty). */
  constructor(pattern: string, readonly allow: boolean) {
    const path = pattern.startsWith('/') ? pattern : `/${pattern}`;
    this.#anchored = path.endsWith('$');
    const body = normalizeRobotsPath(this.#anchored ? path.slice(0, -1) : path, true);
    this.specificity = body.length + (this.#anchored ? 1 : 0);
    this.#parts = body.split('*');
  }

  /**
   * Whether the rule covers `path` (normalized). Linear: each literal run is
   * placed at its leftmost occurrence, which leaves the most room for the rest
   * (no regular expression, so no backtracking on hostile patterns).
   */
  matches(path: string): boolean {
    const parts = this.#parts;
    const first = parts[0]!;
    if (parts.length === 1) return this.#anchored ? path === first : path.startsWith(first);
    if (!path.startsWith(first)) return false;
    let position = first.length;
    let end = path.length;
    let middle = parts.length;
    if (this.#anchored) {
      const last = parts[parts.length - 1]!;
      end = path.length - last.length;
      if (end < position || !path.endsWith(last)) return false;
      middle--;
    }
    for (let i = 1; i < middle; i++) {
      const part = parts[i]!;
      if (part === '') continue;
      const found = path.indexOf(part, position);
      if (found === -1 || found + part.length > end) return false;
      position = found + part.length;
    }
    return true;
  }
}
