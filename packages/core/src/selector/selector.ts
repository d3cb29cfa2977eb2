/**
 * A parsel-like Selector over an htmlparser2 DOM: CSS queries (with Scrapy's
 * `::text` and `::attr(name)` pseudo-elements) matched by cheerio's
 * css-select engine, and XPath 1.0 queries evaluated on the same tree.
 */
import { load, type CheerioAPI } from 'cheerio/slim';
import { DomUtils, parseDocument, type Options as ParseOptions } from 'htmlparser2';
import { isCDATA, isDocument, isTag, isText, type AnyNode, type Document, type Element, type Text } from 'domhandler';
import { SelectorList } from './selectorList.js';
import { compile, selectAll } from 'css-select';
import { domAdapter, findAll, withinScope } from './domAdapter.js';
import { serializeXml } from './xmlSerializer.js';
import { stripHtml5Whitespace } from '../utils/url.js';
import { decodeHTML } from 'entities';
import {
  AttributeNode,
  DEFAULT_NAMESPACES,
  htmlAttributeValue,
  lookupNamespace,
  Kind,
  NamespaceNode,
  XPathTree,
  pythonFloatString,
  runXPath,
  type XNode,
  type XPathValue,
  type XPathVariables,
} from './xpath/index.js';

export type SelectorType = 'html' | 'xml';

export interface SelectorOptions {
  /** Markup to parse, lazily on first use. Takes precedence over `root`. */
  text?: string;
  /** A parsed node, or a plain value such as an `::attr()` result. */
  root?: AnyNode | string;
  type?: SelectorType;
  /** Prefix → namespace URI for XPath queries, over the defaults `re` and `set` (EXSLT). */
  namespaces?: Readonly<Record<string, string>>;
}

/** What the selectors over one parsed tree share: its XPath view, made on the first XPath query. */
interface SharedDocument {
  tree: XPathTree | undefined;
}

type ParentNode = Document | Element;

const PARSE_OPTIONS: Record<SelectorType, ParseOptions> = {
  html: {},
  xml: { xmlMode: true },
};

// 'utf8' keeps non-ASCII characters as they are (like lxml) instead of `&#xe9;`.
const SERIALIZE_OPTIONS: Record<SelectorType, Parameters<typeof DomUtils.getOuterHTML>[1]> = {
  html: { decodeEntities: true, encodeEntities: 'utf8' },
  xml: { xmlMode: true, decodeEntities: true },
};

// Wrappers only; every query runs against the nodes it is given, not this empty document.
const ENGINES: Record<SelectorType, CheerioAPI> = {
  html: load([]),
  xml: load([], { xml: true }),
};

export class Selector {
  readonly type: SelectorType;
  #text: string | undefined;
  #root: AnyNode | string | undefined;
  /** Made on first need and handed to the selectors derived from this one. */
  #document: SharedDocument | undefined;
  #namespaces: Readonly<Record<string, string>>;

  constructor(options: SelectorOptions) {
    if (options.text === undefined && options.root === undefined) {
      throw new TypeError('Selector needs `text` or `root`');
    }
    this.type = options.type ?? 'html';
    this.#text = options.text;
    this.#root = options.text === undefined ? options.root : undefined;
    this.#namespaces = options.namespaces ? { ...DEFAULT_NAMESPACES, ...checkNamespaces(options.namespaces) } : DEFAULT_NAMESPACES;
  }

  /** A selector over a node or value found by a query on this one: same tree, same namespaces. */
  #derive(root: AnyNode | string): Selector {
    const selector = new Selector({ root, type: this.type });
    selector.#document = this.#document ??= { tree: undefined };
    selector.#namespaces = this.#namespaces;
    return selector;
  }

  /** The wrapped node or value; markup given as `text` is parsed on first access. */
  get root(): AnyNode | string {
    if (this.#root === undefined) {
      // htmlparser2 never throws: malformed markup is repaired as it goes.
      const text = this.#text ?? '';
      const document = parseDocument(text, PARSE_OPTIONS[this.type]);
      if (this.type === 'html' && TEXTAREA.test(text)) decodeTextareas(document);
      this.#root = document;
      this.#text = undefined;
    }
    return this.#root;
  }

  /**
   * Matches `query` against this node and its descendants (parsel's
   * `descendant-or-self`). A selector may end in `::text` (text children;
   * `p ::text` for all descendant text) or `::attr(name)`.
   */
  css(query: string): SelectorList {
    const root = this.root;
    const list = new SelectorList();
    if (typeof root === 'string' || !(isTag(root) || isDocument(root))) return list;
    for (const hit of select(root, query, ENGINES[this.type])) {
      list.push(this.#derive(hit instanceof AttributeHit ? hit.value : hit));
    }
    return list;
  }

  /**
   * Evaluates an XPath 1.0 expression with this node as the context node (the
   * root element for a whole document, as in parsel), so relative paths
   * (`./a`, `.//a`) start here and `//a` searches the whole document.
   * Elements, text, comments and processing instructions come back as
   * selectors over those nodes, attributes as their values, and other results
   * as one selector over a string (a number as Python writes it, `'2.0'`; a
   * boolean as `'1'` or `'0'`). `variables` binds `$name` references;
   * `namespaces` adds prefixes for this query.
   */
  xpath(query: string, variables?: XPathVariables, namespaces?: Readonly<Record<string, string>>): SelectorList {
    if (typeof query !== 'string') throw new TypeError(`xpath() takes the expression as a string, not ${describeValue(query)}`);
    const list = new SelectorList();
    const root = this.root;
    // Text and attribute results are plain values in parsel: nothing below them.
    if (typeof root === 'string' || isText(root)) return list;
    const tree = this.#xpathTree(root);
    const context = isDocument(root) && root === tree.root ? tree.documentElement() : root;
    const result = runXPath(query, context, tree, {
      namespaces: namespaces ? { ...this.#namespaces, ...checkNamespaces(namespaces) } : this.#namespaces,
      variables: variables === undefined ? undefined : checkVariables(variables),
    });
    for (const value of resultValues(result, tree)) list.push(this.#derive(value));
    return list;
  }

  /** Adds a prefix for this selector's XPath queries (and those of selectors made from it afterwards). */
  registerNamespace(prefix: string, uri: string): void {
    if (typeof prefix !== 'string' || typeof uri !== 'string') throw new TypeError('registerNamespace(prefix, uri) takes two strings');
    this.#namespaces = { ...this.#namespaces, [prefix]: uri };
  }

  /** The prefixes XPath queries on this selector know. */
  get namespaces(): Readonly<Record<string, string>> {
    return this.#namespaces;
  }

  /**
   * As parsel's `remove_namespaces()`: renames this node's namespaced elements
   * and attributes (in XML) to their local names and drops the namespace
   * declarations, so `//url` finds sitemap `<url>`s. It changes the parsed
   * tree, as parsel does, for every selector over it.
   */
  removeNamespaces(): void {
    const root = this.root;
    if (typeof root === 'string' || this.type !== 'xml' || !(isTag(root) || isDocument(root))) return;
    stripNamespaces(root);
    this.#document?.tree?.reset();
  }

  #xpathTree(root: AnyNode): XPathTree {
    const document = (this.#document ??= { tree: undefined });
    if (document.tree === undefined) {
      let top = root;
      while (top.parent) top = top.parent;
      document.tree = new XPathTree(top, this.type === 'xml');
    }
    return document.tree;
  }

  /** Outer markup for elements, the text of text nodes, the value of attributes. */
  get(): string {
    const root = this.root;
    if (typeof root === 'string') return root;
    if (isText(root)) return root.data;
    if (this.type === 'xml' && !isDocument(root)) return serializeXml(root);
    return DomUtils.getOuterHTML(root, SERIALIZE_OPTIONS[this.type]);
  }

  getAll(): string[] {
    return [this.get()];
  }

  /** parsel's older name for `get()`, kept so Scrapy code ports as it is. */
  extract(): string {
    return this.get();
  }

  /** A copy of the element's attributes (empty for anything but an element). */
  get attrib(): Record<string, string> {
    const root = this.root;
    if (typeof root === 'string' || !isTag(root)) return {};
    const attributes = { ...root.attribs };
    if (this.type === 'html') for (const name in attributes) attributes[name] = htmlAttributeValue(name, attributes[name]!);
    return attributes;
  }

  /**
   * parsel's `re()`: the `extract` named group of the first match if the regex
   * has one, else every match's groups (flattened), else every whole match;
   * entities other than `&lt;` and `&amp;` are then decoded.
   */
  re(regex: RegExp | string): string[] {
    return regexExtract(regex, this.get());
  }

  reFirst(regex: RegExp | string): string | undefined;
  reFirst(regex: RegExp | string, defaultValue: string): string;
  reFirst(regex: RegExp | string, defaultValue?: string): string | undefined {
    return this.re(regex)[0] ?? defaultValue;
  }

  /**
   * The URL this selector points at, as Scrapy's `response.follow()` reads it:
   * an attribute value, or the `href` of an `<a>`/`<link>`; null otherwise.
   */
  linkUrl(): string | null {
    const root = this.root;
    if (typeof root === 'string') return stripHtml5Whitespace(root);
    if (!isTag(root) || (root.name !== 'a' && root.name !== 'link')) return null;
    const href = root.attribs.href;
    return href === undefined ? null : stripHtml5Whitespace(href);
  }
}

// ---------------------------------------------------------------- xpath results

/** What each value of an XPath result becomes a selector over. */
function* resultValues(result: XPathValue, tree: XPathTree): Generator<AnyNode | string> {
  if (typeof result === 'string') yield result;
  else if (typeof result === 'number') yield pythonFloatString(result);
  else if (typeof result === 'boolean') yield result ? '1' : '0';
  else for (const node of result) {
    const value = nodeValue(node, tree);
    if (value !== null) yield value;
  }
}

function nodeValue(node: XNode, tree: XPathTree): AnyNode | string | null {
  if (node instanceof AttributeNode) return node.value;
  // lxml gives namespace nodes as (prefix, uri) tuples; parsel shows them with Python's str().
  if (node instanceof NamespaceNode) return `(${node.prefix === '' ? 'None' : `'${node.prefix}'`}, '${node.uri}')`;
  switch (tree.kind(node)) {
    case Kind.Root:
      return null; // lxml returns no node for the document itself
    case Kind.Text:
      return tree.singleTextNode(node) ?? tree.textOf(node);
    default:
      return node;
  }
}

function checkNamespaces(namespaces: Readonly<Record<string, string>>): Readonly<Record<string, string>> {
  if (typeof namespaces !== 'object' || namespaces === null || Array.isArray(namespaces) || Object.values(namespaces).some((uri) => typeof uri !== 'string')) {
    throw new TypeError(`namespaces must be an object of prefix → namespace URI strings, such as { sm: 'http://www.sitemaps.org/schemas/sitemap/0.9' }, not ${describeValue(namespaces)}`);
  }
  return namespaces;
}

function checkVariables(variables: XPathVariables): XPathVariables {
  const valid =
    typeof variables === 'object' && variables !== null && !Array.isArray(variables) &&
    Object.values(variables).every((value) => typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean');
  if (!valid) throw new TypeError(`XPath variables must be an object of strings, numbers and booleans, such as { id: 'x' } for $id, not ${describeValue(variables)}`);
  return variables;
}

function describeValue(value: unknown): string {
  if (value === null || typeof value !== 'object') return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** parsel's remove_namespaces() on a subtree: local names for namespaced names, no `xmlns` declarations. */
function stripNamespaces(root: Element | Document): void {
  const elements = isTag(root) ? [root, ...(DomUtils.filter(isTag, root.children, true) as Element[])] : (DomUtils.filter(isTag, root.children, true) as Element[]);
  // Decide every rename on the untouched tree, then rename.
  const renames = elements.map((element) => ({
    element,
    name: localIfNamespaced(element, element.name, true),
    attributes: Object.keys(element.attribs).map((name) => [name, localIfNamespaced(element, name, false)] as const),
  }));
  for (const { element, name, attributes } of renames) {
    element.name = name;
    const attribs: Record<string, string> = {};
    for (const [original, renamed] of attributes) {
      if (original === 'xmlns' || original.startsWith('xmlns:')) continue;
      attribs[renamed] = element.attribs[original]!;
    }
    element.attribs = attribs;
  }
}

function localIfNamespaced(element: Element, name: string, isElement: boolean): string {
  const colon = name.indexOf(':');
  const prefix = colon === -1 ? '' : name.slice(0, colon);
  if (prefix === 'xmlns' || (colon === -1 && !isElement)) return name;
  return lookupNamespace(element, prefix) === null ? name : name.slice(colon + 1);
}

// ---------------------------------------------------------------- query parsing

type PseudoElement = { kind: 'text' } | { kind: 'attr'; name: string };

interface QueryPart {
  /** Element selector; before a pseudo-element, '' stands for the context node itself. */
  selector: string;
  /** No combinators, so the context node itself may match (`descendant-or-self`). */
  compound: boolean;
  pseudo: PseudoElement | undefined;
  /** `p ::text` / `p *::text`: apply the pseudo-element to the matches and all their descendants. */
  deep: boolean;
}

const PSEUDO_ELEMENT = /::(?:(text)|attr\(\s*(?:"([^"]*)"|'([^']*)'|([^\s)]+))\s*\))$/i;
// What precedes the pseudo-element in `p ::text`, `p *::text`, `*::text` and `::text`
// (but in `p > *::text` the `*` is a child, not a descendant-or-self).
const DEEP_TAIL = /(?:^|\s)\s*\*?$/;
const ENDS_WITH_COMBINATOR = /[>+~]$/;

/** Indices of the characters of `query` that lie outside quotes, brackets and parentheses. */
function* topLevelIndices(query: string): Generator<number> {
  let depth = 0;
  let quote = '';
  for (let i = 0; i < query.length; i++) {
    const ch = query[i];
    if (ch === '\\') i++;
    else if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    else if (depth === 0) yield i;
  }
}

function splitSelectorGroup(query: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (const i of topLevelIndices(query)) {
    if (query[i] === ',') {
      parts.push(query.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(query.slice(start));
  return parts;
}

function isCompound(selector: string): boolean {
  for (const i of topLevelIndices(selector)) {
    if (/[\s>+~]/.test(selector[i] ?? '')) return false;
  }
  return true;
}

function parsePart(raw: string): QueryPart {
  const part = raw.trim();
  const match = PSEUDO_ELEMENT.exec(part);
  if (!match) return { selector: part, compound: isCompound(part), pseudo: undefined, deep: false };
  const pseudo: PseudoElement = match[1]
    ? { kind: 'text' }
    : { kind: 'attr', name: match[2] ?? match[3] ?? match[4] ?? '' };
  const before = part.slice(0, match.index);
  const trimmed = before.replace(DEEP_TAIL, '');
  const deep = DEEP_TAIL.test(before) && !ENDS_WITH_COMBINATOR.test(trimmed);
  const selector = deep ? trimmed : before.trim();
  return { selector, compound: isCompound(selector), pseudo, deep };
}

// ---------------------------------------------------------------- matching

/** An `::attr()` result; kept with its element until the results are in document order. */
class AttributeHit {
  constructor(
    readonly owner: Element,
    readonly name: string,
    readonly value: string,
  ) {}
}

type Hit = AnyNode | AttributeHit;

/** Parsed queries, cached: spiders run the same few queries on every page. */
const parsedQueries = new Map<string, QueryPart[]>();
const MAX_CACHED_QUERIES = 1000;

function parseQuery(query: string): QueryPart[] {
  let parts = parsedQueries.get(query);
  if (!parts) {
    parts = splitSelectorGroup(query).map(parsePart);
    if (parsedQueries.size >= MAX_CACHED_QUERIES) parsedQueries.clear();
    parsedQueries.set(query, parts);
  }
  return parts;
}

function select(context: ParentNode, query: string, $: CheerioAPI): Hit[] {
  const parts = parseQuery(query);
  if (parts.every((part) => part.pseudo === undefined)) {
    // css-select unions and orders a plain selector group itself.
    const compound = parts.filter((part) => part.compound).map((part) => part.selector);
    return matchElements(context, query, compound.join(','), $);
  }
  const hits = parts.flatMap((part) => selectPart(context, part, $));
  return parts.length > 1 ? sortUnique(hits) : hits;
}

type CompiledSelector = ReturnType<typeof compile<AnyNode, Element>>;
const compiledQueries = { html: new Map<string, CompiledSelector | null>(), xml: new Map<string, CompiledSelector | null>() };

/** A css-select compiled query, or null when only cheerio understands it (jQuery extensions such as `:first`). */
function compiledQuery(selector: string, xml: boolean): CompiledSelector | null {
  const cache = xml ? compiledQueries.xml : compiledQueries.html;
  let compiled = cache.get(selector);
  if (compiled === undefined) {
    try {
      compiled = compile<AnyNode, Element>(selector, { xmlMode: xml, adapter: domAdapter });
    } catch {
      compiled = null;
    }
    if (cache.size >= MAX_CACHED_QUERIES) cache.clear();
    cache.set(selector, compiled);
  }
  return compiled;
}

/**
 * Elements matching `selector` within `context`, in document order, with
 * parsel's `descendant-or-self` semantics: the selector's first compound is
 * anchored at the context or below, and the context itself is tested against
 * the compound parts of the group (`compound`), in its real place in the
 * document (so `:first-child` and the like see its real siblings).
 */
function matchElements(context: ParentNode, selector: string, compound: string, $: CheerioAPI): Element[] {
  const xml = $ === ENGINES.xml;
  const compiled = compiledQuery(selector, xml);
  if (compiled && isDocument(context)) return selectAll<AnyNode, Element>(compiled, context, { adapter: domAdapter });
  const compiledCompound = compound ? compiledQuery(compound, xml) : null;
  if (compiled && (!compound || compiledCompound)) {
    const found = withinScope(context, () => findAll(compiled, context.children));
    if (compiledCompound && isTag(context) && compiledCompound(context)) found.unshift(context);
    return found;
  }
  // Selectors only cheerio understands (jQuery extensions such as `:first`): its find() anchors the same way.
  const found = $(context).find(selector).toArray();
  if (compound && isTag(context) && $(context).is(compound)) found.unshift(context);
  return found;
}

function selectPart(context: ParentNode, part: QueryPart, $: CheerioAPI): Hit[] {
  const { selector, pseudo } = part;
  const matches: ParentNode[] =
    pseudo !== undefined && selector === ''
      ? [context]
      : matchElements(context, selector, part.compound ? selector : '', $);
  if (pseudo === undefined) return matches;
  if (pseudo.kind === 'text') {
    const roots = outermost(matches);
    if (part.deep) return roots.flatMap((root) => DomUtils.filter(isText, root.children, true));
    if (roots.length === matches.length) return matches.flatMap(textChildren);
    // Nested matches' text children interleave: walk the outer ones in document order.
    const owners = new Set<AnyNode | null>(matches);
    const owned = (node: AnyNode): boolean => isText(node) && owners.has(textOwner(node));
    return roots.flatMap((root) => DomUtils.filter(owned, root.children, true));
  }
  const elements = part.deep ? outermost(matches).flatMap(selfAndDescendantElements) : matches.filter(isTag);
  const html = $ === ENGINES.html;
  const hits: AttributeHit[] = [];
  for (const element of elements) {
    const value = element.attribs[pseudo.name];
    if (value !== undefined) hits.push(new AttributeHit(element, pseudo.name, value === '' && html ? htmlAttributeValue(pseudo.name, value) : value));
  }
  return hits;
}

/** The element whose `text()` includes `text` (CDATA sections count as text). */
function textOwner(text: Text): AnyNode | null {
  const { parent } = text;
  return parent && isCDATA(parent) ? parent.parent : parent;
}

/** Text children, as XPath's `text()` (CDATA sections included). */
function textChildren(node: ParentNode): Text[] {
  const texts: Text[] = [];
  for (const child of node.children) {
    if (isText(child)) texts.push(child);
    else if (isCDATA(child)) texts.push(...child.children.filter(isText));
  }
  return texts;
}

function selfAndDescendantElements(node: ParentNode): Element[] {
  const descendants = DomUtils.filter(isTag, node.children, true) as Element[];
  return isTag(node) ? [node, ...descendants] : descendants;
}

/** Drops the nodes that lie inside an earlier one; `nodes` must be in document order. */
function outermost(nodes: ParentNode[]): ParentNode[] {
  const kept: ParentNode[] = [];
  let last: ParentNode | undefined;
  for (const node of nodes) {
    if (last !== undefined && isInside(node, last)) continue;
    kept.push(node);
    last = node;
  }
  return kept;
}

function isInside(node: AnyNode, ancestor: AnyNode): boolean {
  for (let parent = node.parent; parent; parent = parent.parent) {
    if (parent === ancestor) return true;
  }
  return false;
}

/** Document order without duplicates (XPath's union); attributes follow their element. */
function sortUnique(hits: Hit[]): Hit[] {
  const nodeOf = (hit: Hit): AnyNode => (hit instanceof AttributeHit ? hit.owner : hit);
  const first = hits[0];
  if (first === undefined) return hits;
  // domutils' compareDocumentPosition cannot order sibling leaves (text nodes),
  // so number every node of the document once, in pre-order.
  let top = nodeOf(first);
  while (top.parent) top = top.parent;
  const position = new Map<AnyNode, number>();
  for (const node of DomUtils.filter(() => true, top, true)) position.set(node, position.size);
  const rank = (hit: Hit): number =>
    hit instanceof AttributeHit ? 1 + Object.keys(hit.owner.attribs).indexOf(hit.name) : 0;
  const compare = (a: Hit, b: Hit): number =>
    (position.get(nodeOf(a)) ?? 0) - (position.get(nodeOf(b)) ?? 0) || rank(a) - rank(b);
  const sorted = [...hits].sort(compare);
  return sorted.filter((hit, i) => i === 0 || compare(sorted[i - 1] as Hit, hit) !== 0);
}

// ---------------------------------------------------------------- regex and entities

/** parsel's `extract_regex` (what `re()` does to a selector's text), for any string. */
export function regexExtract(regex: RegExp | string, text: string): string[] {
  return extractRegex(regex, text).map(replaceEntities);
}

function extractRegex(regex: RegExp | string, text: string): string[] {
  // A fresh global copy: matchAll needs `g`, and must not start at a caller's lastIndex.
  const global =
    typeof regex === 'string' ? new RegExp(regex, 'g') : new RegExp(regex, regex.flags.includes('g') ? regex.flags : `${regex.flags}g`);
  const strings: string[] = [];
  for (const match of text.matchAll(global)) {
    if (match.groups && 'extract' in match.groups) {
      const extracted = match.groups.extract;
      return extracted === undefined ? [] : [extracted];
    }
    // Python's findall: unmatched groups read as ''.
    if (match.length > 1) for (const group of match.slice(1)) strings.push(group ?? '');
    else strings.push(match[0]);
  }
  return strings;
}

const ENTITY = /&(?:([a-z\d]+)|#(\d+)|#x([a-f\d]+))(;?)/gi;
const KEPT_ENTITIES = new Set(['lt', 'amp']);
// windows-1252's bytes 0x80-0x9F, with its five undefined ones as '\0'. (Node 20's
// TextDecoder('windows-1252') decodes them as ISO-8859-1 controls.)
const WINDOWS_1252_C1 =
  '\u20ac\0\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\0\u017d\0' +
  '\0\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\0\u017e\u0178';

/** w3lib's `replace_entities(text, keep=['lt', 'amp'])`: unknown `&name;` is dropped, unknown `&name` kept. */
function replaceEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (whole, name?: string, dec?: string, hex?: string, semicolon?: string) => {
    let decoded: string | undefined;
    if (name !== undefined) {
      if (KEPT_ENTITIES.has(name.toLowerCase())) return whole;
      decoded = namedEntity(name) ?? namedEntity(name.toLowerCase());
    } else {
      decoded = codePointToString(dec === undefined ? parseInt(hex ?? '', 16) : parseInt(dec, 10));
    }
    return decoded ?? (semicolon ? '' : whole);
  });
}

function codePointToString(codePoint: number): string | undefined {
  // As browsers (and w3lib) do, &#128;-&#159; name windows-1252 bytes.
  if (codePoint >= 0x80 && codePoint <= 0x9f) {
    const char = WINDOWS_1252_C1[codePoint - 0x80];
    return char === '\0' ? undefined : char;
  }
  return codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : undefined;
}

const namedEntities = new Map<string, string | null>();

function namedEntity(name: string): string | undefined {
  let decoded = namedEntities.get(name);
  if (decoded === undefined) {
    // In an attribute value htmlparser2 decodes `&name;` only when it is a whole
    // known entity (no legacy prefix such as `&not` in `&notit;`).
    const reference = `&${name};`;
    const anchor = parseDocument(`<a x="${reference}">`).children[0];
    const value = anchor && isTag(anchor) ? anchor.attribs.x : undefined;
    decoded = value === undefined || value === reference ? null : value;
    if (namedEntities.size < 4096) namedEntities.set(name, decoded);
  }
  return decoded ?? undefined;
}

const TEXTAREA = /<textarea/i;

/**
 * A `<textarea>`'s content is text with character references (RCDATA), as
 * `<title>`'s; htmlparser2 decodes them in `<title>` but leaves them as
 * written in `<textarea>`, where lxml (so parsel) and browsers decode them.
 */
function decodeTextareas(document: Document): void {
  for (const textarea of findAll((element) => element.name === 'textarea', document.children)) {
    for (const child of textarea.children) if (isText(child)) child.data = decodeHTML(child.data);
  }
}
