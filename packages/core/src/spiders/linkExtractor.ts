/**
 * Scrapy's `LinkExtractor` (LxmlLinkExtractor, Scrapy 2.8): the links of a
 * page, resolved, filtered and deduplicated, read from the response's already
 * parsed DOM. Options are compiled once; `extractLinks` walks the tree once.
 */
import { DomUtils } from 'htmlparser2';
import { isDocument, isTag, type AnyNode, type Element } from 'domhandler';
import type { TextResponse } from '../http/response.js';
import { canonicalizeUrl } from '../scheduler/canonicalize.js';
import { dropEmptyQueryAndFragment, tryParseUrl, withBaseQuery } from '../utils/url.js';
import { LinkResolver, normalizedUrlParts, type UrlParts } from '../utils/normalizedUrl.js';

/** The page links are read from, with its link resolver, for one extraction. */
interface Page {
  response: TextResponse;
  resolver: LinkResolver;
}

export interface Link {
  /** Absolute URL, fragment included (dropped when `canonicalize` is on). */
  url: string;
  /** The element's text content, as is (not stripped), as Scrapy gives it. */
  text: string;
  /** Always '' from this extractor, as in Scrapy (the fragment stays in `url`). */
  fragment: string;
  /** `rel` lists `nofollow`. */
  nofollow: boolean;
}

type Patterns = string | RegExp | ReadonlyArray<string | RegExp>;
type Names = string | readonly string[];

export interface LinkExtractorOptions {
  /** Keep only URLs matching any of these regexes (searched anywhere in the absolute URL). */
  allow?: Patterns;
  /** Drop URLs matching any of these regexes; wins over `allow`. */
  deny?: Patterns;
  /** Keep only links to these domains or their subdomains. */
  allowDomains?: Names;
  /** Drop links to these domains or their subdomains. */
  denyDomains?: Names;
  /** Only look for links inside the elements these XPath expressions select (searched before `restrictCss`'s, as in Scrapy). */
  restrictXpaths?: Names;
  /** Only look for links inside the elements these CSS selectors match. */
  restrictCss?: Names;
  /** Keep only links whose text matches any of these regexes (searched anywhere in the text). */
  restrictText?: Patterns;
  /** Elements to read links from (default `['a', 'area']`). */
  tags?: Names;
  /** Attributes to read links from (default `['href']`). */
  attrs?: Names;
  /** Canonicalize each URL with `canonicalizeUrl` (fragment dropped). Default false. */
  canonicalize?: boolean;
  /** Drop duplicate links (by URL, query order and escapes normalized). Default true. */
  unique?: boolean;
  /** URL path extensions to skip, without the dot (default: Scrapy's `IGNORED_EXTENSIONS`); `[]` keeps all. */
  denyExtensions?: readonly string[];
  /** Rewrite or drop (null) each absolute URL before filtering; a relative result resolves against the page URL. */
  process?: (url: string) => string | null | undefined;
}

/** Scrapy's `IGNORED_EXTENSIONS`: files a crawl does not follow by default. */
export const IGNORED_EXTENSIONS: readonly string[] = [
  // archives
  '7z', '7zip', 'bz2', 'rar', 'tar', 'tar.gz', 'xz', 'zip',
  // images
  'mng', 'pct', 'bmp', 'gif', 'jpg', 'jpeg', 'png', 'pst', 'psp', 'tif', 'tiff', 'ai', 'drw', 'dxf', 'eps', 'ps', 'svg', 'cdr', 'ico',
  // audio
  'mp3', 'wma', 'ogg', 'wav', 'ra', 'aac', 'mid', 'au', 'aiff',
  // video
  '3gp', 'asf', 'asx', 'avi', 'mov', 'mp4', 'mpg', 'qt', 'rm', 'swf', 'wmv', 'm4a', 'm4v', 'flv', 'webm',
  // office suites
  'xls', 'xlsx', 'ppt', 'pptx', 'pps', 'doc', 'docx', 'odt', 'ods', 'odg', 'odp',
  // other
  'css', 'pdf', 'exe', 'bin', 'rss', 'dmg', 'iso', 'apk',
];

// Scrapy's `_is_valid_url`.
const FOLLOWED_PROTOCOLS = new Set(['http:', 'https:', 'file:', 'ftp:']);
const NOFOLLOW = /(?:^|[\s,])nofollow(?:[\s,]|$)/;
const LEADING_WHITESPACE = /^[ \t\n\r\f]+/;

export class LinkExtractor {
  readonly #allow: RegExp[];
  readonly #deny: RegExp[];
  readonly #allowDomains: string[];
  readonly #denyDomains: string[];
  readonly #restrictXpaths: string[];
  readonly #restrictCss: string[];
  readonly #restrictText: RegExp[];
  readonly #tags: Set<string>;
  readonly #attrs: string[];
  readonly #canonicalize: boolean;
  readonly #unique: boolean;
  /** Denied extensions with their dot, lowercased, as suffixes of the path's last segment. */
  readonly #denyExtensions: Set<string>;
  readonly #process: LinkExtractorOptions['process'];

  constructor(options: LinkExtractorOptions = {}) {
    this.#allow = toList(options.allow).map(toRegExp);
    this.#deny = toList(options.deny).map(toRegExp);
    this.#allowDomains = toList(options.allowDomains).map((domain) => domain.toLowerCase());
    this.#denyDomains = toList(options.denyDomains).map((domain) => domain.toLowerCase());
    this.#restrictXpaths = toList(options.restrictXpaths);
    this.#restrictCss = toList(options.restrictCss);
    this.#restrictText = toList(options.restrictText).map(toRegExp);
    this.#tags = new Set(toList(options.tags ?? ['a', 'area']));
    this.#attrs = toList(options.attrs ?? ['href']);
    this.#canonicalize = options.canonicalize ?? false;
    this.#unique = options.unique ?? true;
    this.#denyExtensions = new Set((options.denyExtensions ?? IGNORED_EXTENSIONS).map((ext) => `.${ext.replace(/^\./, '').toLowerCase()}`));
    this.#process = options.process;
  }

  /** The page's links that pass the filters, in document order (per restricting query, in order). */
  extractLinks(response: TextResponse): Link[] {
    const page: Page = { response, resolver: new LinkResolver(response.baseUrl) };
    const roots: AnyNode[] = [];
    if (this.#restrictXpaths.length === 0 && this.#restrictCss.length === 0) {
      roots.push(response.selector.root as AnyNode);
    } else {
      const regions = [
        ...this.#restrictXpaths.map((query) => [query, response.xpath(query)] as const),
        ...this.#restrictCss.map((query) => [query, response.css(query)] as const),
      ];
      for (const [query, selectors] of regions) {
        for (const selector of selectors) {
          const root = selector.root;
          if (typeof root === 'string' || !(isTag(root) || isDocument(root))) {
            throw new TypeError(`LinkExtractor: restricting query ${JSON.stringify(query)} must select elements, but selected ${JSON.stringify(selector.get().slice(0, 60))}`);
          }
          roots.push(root);
        }
      }
    }
    if (roots.length === 1) return this.#linksIn(roots[0]!, page, this.#unique ? new Set() : null);
    const links: Link[] = [];
    // Scrapy dedups each region by URL, then the union of regions by whole link.
    const acrossRegions = this.#unique ? new Set<string>() : null;
    for (const root of roots) {
      const seen = this.#unique ? new Set<string>() : null;
      for (const link of this.#linksIn(root, page, seen)) {
        if (acrossRegions) {
          const key = `${link.nofollow ? 1 : 0}${link.url}\0${link.text}`;
          if (acrossRegions.has(key)) continue;
          acrossRegions.add(key);
        }
        links.push(link);
      }
    }
    return links;
  }

  /** Links in `root` (itself included), walking the tree in document order. */
  #linksIn(root: AnyNode, page: Page, seen: Set<string> | null): Link[] {
    const links: Link[] = [];
    const stack: AnyNode[] = [root];
    let node: AnyNode | undefined;
    while ((node = stack.pop()) !== undefined) {
      if (isTag(node)) {
        if (this.#tags.has(node.name)) this.#readElement(node, page, seen, links);
      } else if (!isDocument(node)) {
        continue;
      }
      const { children } = node;
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
    }
    return links;
  }

  #readElement(element: Element, page: Page, seen: Set<string> | null, links: Link[]): void {
    const { attribs } = element;
    if (this.#attrs.length === 1) {
      const value = attribs[this.#attrs[0]!];
      if (value !== undefined) this.#addLink(element, value, page, seen, links);
      return;
    }
    // Several attributes: in the element's attribute order, as Scrapy reads them.
    for (const name in attribs) {
      if (this.#attrs.includes(name)) this.#addLink(element, attribs[name]!, page, seen, links);
    }
  }

  #addLink(element: Element, value: string, page: Page, seen: Set<string> | null, links: Link[]): void {
    const url = this.#absoluteUrl(value, page);
    if (url === null || !FOLLOWED_PROTOCOLS.has(url.protocol)) return;
    let href = dropEmptyQueryAndFragment(url.href); // `href="#"` is the page itself, as in Scrapy
    if (this.#allow.length > 0 && !this.#allow.some((regex) => regex.test(href))) return;
    if (this.#deny.some((regex) => regex.test(href))) return;
    if (this.#allowDomains.length > 0 && !isFromAnyDomain(url, this.#allowDomains)) return;
    if (isFromAnyDomain(url, this.#denyDomains)) return;
    if (this.#denyExtensions.size > 0 && hasAnyExtension(url.pathname, this.#denyExtensions)) return;
    if (this.#canonicalize) href = canonicalizeUrl(href);
    if (seen) {
      // Scrapy's key: the canonical URL, fragment kept unless canonicalized away.
      const key = this.#canonicalize ? href : canonicalizeUrl(href, { keepFragments: true });
      if (seen.has(key)) return;
      seen.add(key);
    }
    const text = DomUtils.textContent(element);
    // After the deduplication, as Scrapy: a URL whose first link's text does not match is not taken from a later one.
    if (this.#restrictText.length > 0 && !this.#restrictText.some((regex) => regex.test(text))) return;
    const rel = element.attribs.rel;
    links.push({
      url: href,
      text,
      fragment: '',
      nofollow: rel !== undefined && NOFOLLOW.test(rel),
    });
  }

  /** The link's absolute URL, or null when invalid; a plain normalized http(s) one is read without the URL parser. */
  #absoluteUrl(value: string, { response, resolver }: Page): UrlParts | null {
    if (!this.#process) {
      const resolved = resolver.resolve(value);
      if (resolved !== null) return normalizedUrlParts(resolved);
    }
    const url = tryParseUrl(withBaseQuery(value.replace(LEADING_WHITESPACE, ''), response.baseUrl), response.baseUrl); // invalid URLs (`http://[bad`) are skipped, as Scrapy skips them
    if (url === null || !this.#process) return url;
    const processed = this.#process(url.href);
    return processed === null || processed === undefined ? null : tryParseUrl(processed, response.url);
  }
}

function toList<T extends string | RegExp>(value: T | ReadonlyArray<T> | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? [...(value as T[])] : [value as T];
}

/** A stateless copy: `test()` with a `g` or `y` flag would carry `lastIndex` from one URL to the next. */
function toRegExp(pattern: string | RegExp): RegExp {
  if (typeof pattern === 'string') return new RegExp(pattern);
  return pattern.global || pattern.sticky ? new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, '')) : pattern;
}


/** Scrapy's `url_is_from_any_domain`, on the host name (a domain written with a port compares with the port). */
function isFromAnyDomain(url: UrlParts, domains: readonly string[]): boolean {
  for (const domain of domains) {
    const host = domain.includes(':') ? url.host : url.hostname;
    if (host === domain || (host.endsWith(domain) && host.charCodeAt(host.length - domain.length - 1) === 46 /* . */)) return true;
  }
  return false;
}

/**
 * Scrapy's `url_has_any_extension`: the path, without the last segment's
 * `;params` (as `urlparse` splits them), ends with a denied extension.
 */
function hasAnyExtension(pathname: string, extensions: ReadonlySet<string>): boolean {
  const segmentStart = pathname.lastIndexOf('/') + 1;
  const params = pathname.indexOf(';', segmentStart);
  const end = params === -1 ? pathname.length : params;
  for (let dot = pathname.lastIndexOf('.', end - 1); dot >= segmentStart; dot = pathname.lastIndexOf('.', dot - 1)) {
    if (extensions.has(pathname.slice(dot, end).toLowerCase())) return true;
    if (dot === 0) break;
  }
  return false;
}
