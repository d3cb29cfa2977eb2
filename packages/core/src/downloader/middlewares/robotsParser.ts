/**
 * A parsed robots.txt (RFC 9309): which URLs a crawler may fetch, its
 * Crawl-delay and the Sitemap URLs.
 *
 * Our own parser rather than the `robots-parser` package: that one does not
 * decode escaped unreserved characters (`Disallow: /%7Efoo` misses `/~foo`,
 * RFC 9309 §2.2.2) and ends a group on any record, Sitemap included (§2.2.4:
 * "a Sitemaps record MUST NOT terminate a group"). Behaviour is checked against
 * Protego (Scrapy's parser) in robotsParser.test.ts.
 *
 * Choices where the RFC leaves room, as Google's parser does unless noted:
 * - A group's user-agent is matched on its product token (`Googlebot/2.1` →
 *   `googlebot`), case-insensitively, against the product tokens of the
 *   crawler's User-Agent: its products and the names in its comments, so a
 *   browser-style `Mozilla/5.0 (compatible; Googlebot/2.1; +http://...)`
 *   finds the `googlebot` group, as Protego (Scrapy's parser) finds it. When
 *   several groups match, the longest name (the most specific) wins, then the
 *   one written first, as in Protego; a name must be a whole token, not part of one (Protego also takes
 *   `googlebot` for `Googlebot-Image`, or from a URL in the comment). Groups
 *   naming the same token are merged; the `*` group applies when none matches.
 * - Crawl-delay belongs to the group it sits in and, like a rule, ends the
 *   run of user-agent lines (as Protego and the engines that honour it); other
 *   records (Sitemap, Host, unknown ones) leave the group open.
 * - Common misspellings of directives are accepted, and `key value` without a colon.
 * - `Allow: …/index.html` also allows `…/` (the index page under its own name).
 * - Only the first 500 KiB are read (RFC 9309 §2.5 allows such a limit).
 */
import { RobotsRule, normalizeRobotsPath } from './robotsMatch.js';

export const ROBOTSTXT_MAX_BYTES = 500 * 1024;

const DIRECTIVES: Record<string, 'agent' | 'allow' | 'disallow' | 'sitemap' | 'crawl-delay'> = {
  'user-agent': 'agent', useragent: 'agent', 'user agent': 'agent',
  allow: 'allow',
  disallow: 'disallow', dissallow: 'disallow', dissalow: 'disallow', disalow: 'disallow', diasllow: 'disallow', disallaw: 'disallow',
  sitemap: 'sitemap', sitemaps: 'sitemap', 'site-map': 'sitemap',
  'crawl-delay': 'crawl-delay', 'crawl delay': 'crawl-delay', crawldelay: 'crawl-delay',
};
const SPACE_SEPARATED = new RegExp(`^(${Object.keys(DIRECTIVES).join('|')})\\s+(.*)$`, 'i');
const PRODUCT_TOKEN = /^[A-Za-z_-]+/;
const INDEX_PAGE = /\/index\.html?$/;

interface Group {
  rules: RobotsRule[];
  crawlDelay?: number;
}

/** The product token a User-Agent string or a `User-agent:` value stands for: lower-cased, `*` for the catch-all, '' when none. */
export function productToken(userAgent: string): string {
  const value = userAgent.trim();
  if (value === '*' || /^\*\s/.test(value)) return '*';
  return PRODUCT_TOKEN.exec(value)?.[0].toLowerCase() ?? '';
}

/**
 * The names a User-Agent string identifies its client by, lower-cased: each
 * product (`Mozilla/5.0` → `mozilla`) and each entry of its comments that
 * starts with a name (`(compatible; Googlebot/2.1; +http://...)` →
 * `compatible`, `googlebot`; a URL is no name).
 */
export function userAgentTokens(userAgent: string): string[] {
  const tokens: string[] = [];
  let depth = 0;
  let entry = '';
  const take = (): void => {
    const token = /^[A-Za-z_-]+(?=$|[/\s])/.exec(entry.trim())?.[0].toLowerCase();
    if (token && !tokens.includes(token)) tokens.push(token);
    entry = '';
  };
  for (const char of userAgent) {
    if (char === '(' || char === ')') {
      take();
      depth = Math.max(0, depth + (char === '(' ? 1 : -1));
    } else if (depth === 0 ? /\s/.test(char) : char === ';' || char === ',') {
      take();
    } else {
      entry += char;
    }
  }
  take();
  return tokens;
}

export class RobotsTxt {
  /** `Sitemap:` URLs, in file order (they belong to no group). */
  readonly sitemaps: readonly string[];
  /** Merged groups by product token (and `*`). */
  readonly #groups = new Map<string, Group>();
  /** The group found for the last User-Agent asked about: a crawl asks with the same one for every URL. */
  #lastAgent: string | undefined;
  #lastGroup: Group | undefined;

  constructor(text: string) {
    this.sitemaps = this.#parse(text);
  }

  /** Parse a robots.txt body (bytes are read as UTF-8, up to ROBOTSTXT_MAX_BYTES). */
  static fromBody(body: Buffer): RobotsTxt {
    if (body.length <= ROBOTSTXT_MAX_BYTES) return new RobotsTxt(body.toString('utf8'));
    const head = body.subarray(0, ROBOTSTXT_MAX_BYTES);
    // Drop the cut line: `Disallow: /a` cut to `Disallow: /` would forbid everything.
    const lastBreak = Math.max(head.lastIndexOf(0x0a), head.lastIndexOf(0x0d));
    return new RobotsTxt(head.subarray(0, lastBreak + 1).toString('utf8'));
  }

  /** May a crawler whose User-Agent is `userAgent` fetch `url` (absolute, or a path starting with `/`)? */
  isAllowed(url: string, userAgent: string): boolean {
    const group = this.#groupFor(userAgent);
    if (!group || group.rules.length === 0) return true;
    const path = pathOf(url);
    if (path === null || path === '/robots.txt') return true;
    const target = normalizeRobotsPath(path);
    let best: RobotsRule | null = null;
    for (const rule of group.rules) {
      if (best && (rule.specificity < best.specificity || (rule.specificity === best.specificity && !rule.allow))) continue;
      if (rule.matches(target)) best = rule;
    }
    return best?.allow ?? true;
  }

  /** Seconds between requests asked of this crawler, if any. */
  crawlDelay(userAgent: string): number | undefined {
    return this.#groupFor(userAgent)?.crawlDelay;
  }

  #groupFor(userAgent: string): Group | undefined {
    if (userAgent === this.#lastAgent) return this.#lastGroup;
    // The longest matching name; on a tie the group written first, as in Protego.
    const tokens = new Set(userAgentTokens(userAgent));
    let best: string | undefined;
    for (const name of this.#groups.keys()) {
      if (name !== '*' && tokens.has(name) && (best === undefined || name.length > best.length)) best = name;
    }
    const group = (best === undefined ? undefined : this.#groups.get(best)) ?? this.#groups.get('*');
    this.#lastAgent = userAgent;
    this.#lastGroup = group;
    return group;
  }

  #parse(text: string): string[] {
    const sitemaps: string[] = [];
    let current: Group[] = [];
    let readingAgents = false;
    for (const line of text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)) {
      const record = parseRecord(line);
      if (!record) continue;
      const { directive, value } = record;
      if (directive === 'agent') {
        if (!readingAgents) current = [];
        readingAgents = true;
        const token = productToken(value);
        const group = token ? this.#group(token) : undefined;
        if (group && !current.includes(group)) current.push(group);
        continue;
      }
      if (directive === 'sitemap') {
        if (value) sitemaps.push(value);
        continue;
      }
      readingAgents = false;
      if (directive === 'crawl-delay') {
        const delay = Number(value);
        if (value && Number.isFinite(delay) && delay >= 0) for (const group of current) group.crawlDelay = Math.max(group.crawlDelay ?? 0, delay);
      } else if (value) {
        const rules = [new RobotsRule(value, directive === 'allow')];
        if (directive === 'allow' && INDEX_PAGE.test(value)) rules.push(new RobotsRule(value.slice(0, value.lastIndexOf('/') + 1) + '$', true));
        for (const group of current) group.rules.push(...rules);
      }
    }
    return sitemaps;
  }

  /** The group for a token: one object per token, so the groups naming it merge. */
  #group(token: string): Group {
    let group = this.#groups.get(token);
    if (!group) {
      group = { rules: [] };
      this.#groups.set(token, group);
    }
    return group;
  }
}

type Directive = (typeof DIRECTIVES)[string];

function parseRecord(line: string): { directive: Directive; value: string } | null {
  const hash = line.indexOf('#');
  const content = (hash === -1 ? line : line.slice(0, hash)).trim();
  if (!content) return null;
  const colon = content.indexOf(':');
  let key: string;
  let value: string;
  if (colon !== -1) {
    key = content.slice(0, colon);
    value = content.slice(colon + 1);
  } else {
    const match = SPACE_SEPARATED.exec(content);
    if (!match) return null;
    key = match[1]!;
    value = match[2]!;
  }
  const directive = DIRECTIVES[key.trim().toLowerCase()];
  return directive ? { directive, value: value.trim() } : null;
}

/** Path and query of a URL (or the path given), or null when it cannot be parsed. */
function pathOf(url: string): string | null {
  if (url.startsWith('/')) {
    const hash = url.indexOf('#');
    return hash === -1 ? url : url.slice(0, hash);
  }
  try {
    const parsed = new URL(url);
    return parsed.pathname + parsed.search;
  } catch {
    return null;
  }
}
