/**
 * The functions an expression may call: XPath 1.0's core library, parsel's
 * `has-class()`, and the EXSLT regular-expression (`re:`) and set (`set:`)
 * functions that lxml provides and parsel binds to those prefixes.
 */
import { Element, Text, isTag, type AnyNode } from 'domhandler';
import { pythonRegExp, pythonReplacement } from './pythonRegex.js';
import { pythonFloatString } from './numbers.js';
import { AttributeNode, NamespaceNode, type XNode, type XPathTree } from './tree.js';
import {
  XPathEvaluationError,
  isNodeSet,
  requireNodeSet,
  toBooleanValue,
  toNumberValue,
  toStringValue,
  type XPathValue,
} from './values.js';

export const EXSLT_REGEXP = 'http://exslt.org/regular-expressions';
export const EXSLT_SETS = 'http://exslt.org/sets';

/** The prefixes every selector knows, as parsel's `_default_namespaces`. */
export const DEFAULT_NAMESPACES: Readonly<Record<string, string>> = { re: EXSLT_REGEXP, set: EXSLT_SETS };

export interface FunctionContext {
  node: XNode;
  position: number;
  size: number;
  tree: XPathTree;
  /** Sorts nodes into document order and drops duplicates. */
  sort(nodes: XNode[]): XNode[];
}

interface XPathFunction {
  min: number;
  max: number;
  call(context: FunctionContext, args: XPathValue[]): XPathValue;
}

const fn = (min: number, max: number, call: XPathFunction['call']): XPathFunction => ({ min, max, call });

const str = (context: FunctionContext, value: XPathValue): string => toStringValue(value, context.tree);
const num = (context: FunctionContext, value: XPathValue): number => toNumberValue(value, context.tree);
/** The argument, or the context node as a node-set when it is absent. */
const argOrContext = (context: FunctionContext, args: XPathValue[]): XPathValue => (args.length > 0 ? args[0]! : [context.node]);

const XML_WHITESPACE = /[ \t\r\n]+/g;

const CORE: Record<string, XPathFunction> = {
  last: fn(0, 0, (c) => c.size),
  position: fn(0, 0, (c) => c.position),
  count: fn(1, 1, (_, [nodes]) => requireNodeSet(nodes!).length),
  id: fn(1, 1, (c, [value]) => elementsById(c, value!)),
  'local-name': fn(0, 1, (c, args) => firstName(c, args, (node) => c.tree.localName(node))),
  'namespace-uri': fn(0, 1, (c, args) => firstName(c, args, (node) => c.tree.namespaceUri(node))),
  name: fn(0, 1, (c, args) => firstName(c, args, (node) => c.tree.qualifiedName(node))),
  string: fn(0, 1, (c, args) => str(c, argOrContext(c, args))),
  concat: fn(2, Infinity, (c, args) => args.map((arg) => str(c, arg)).join('')),
  'starts-with': fn(2, 2, (c, [a, b]) => str(c, a!).startsWith(str(c, b!))),
  contains: fn(2, 2, (c, [a, b]) => str(c, a!).includes(str(c, b!))),
  'substring-before': fn(2, 2, (c, [a, b]) => {
    const text = str(c, a!);
    const at = text.indexOf(str(c, b!));
    return at === -1 ? '' : text.slice(0, at);
  }),
  'substring-after': fn(2, 2, (c, [a, b]) => {
    const text = str(c, a!);
    const search = str(c, b!);
    const at = text.indexOf(search);
    return at === -1 ? '' : text.slice(at + search.length);
  }),
  substring: fn(2, 3, (c, [a, b, length]) => substring(str(c, a!), num(c, b!), length === undefined ? Infinity : num(c, length))),
  'string-length': fn(0, 1, (c, args) => [...str(c, argOrContext(c, args))].length),
  'normalize-space': fn(0, 1, (c, args) => str(c, argOrContext(c, args)).replace(XML_WHITESPACE, ' ').replace(/^ | $/g, '')),
  translate: fn(3, 3, (c, [a, b, d]) => translate(str(c, a!), str(c, b!), str(c, d!))),
  boolean: fn(1, 1, (_, [value]) => toBooleanValue(value!)),
  not: fn(1, 1, (_, [value]) => !toBooleanValue(value!)),
  true: fn(0, 0, () => true),
  false: fn(0, 0, () => false),
  lang: fn(1, 1, (c, [value]) => lang(c, str(c, value!))),
  number: fn(0, 1, (c, args) => num(c, argOrContext(c, args))),
  sum: fn(1, 1, (c, [nodes]) => requireNodeSet(nodes!).reduce((total, node) => total + num(c, [node]), 0)),
  floor: fn(1, 1, (c, [value]) => Math.floor(num(c, value!))),
  ceiling: fn(1, 1, (c, [value]) => Math.ceil(num(c, value!))),
  round: fn(1, 1, (c, [value]) => round(num(c, value!))),
  'has-class': fn(0, Infinity, (c, args) => hasClass(c, args)),
};

const EXTENSIONS: Record<string, Record<string, XPathFunction>> = {
  [EXSLT_REGEXP]: {
    test: fn(2, 3, (c, [input, pattern, flags]) => regex(c, pattern!, flags).test(exsltString(c, input!))),
    match: fn(2, 3, (c, [input, pattern, flags]) => regexMatch(c, exsltString(c, input!), pattern!, flags)),
    replace: fn(4, 4, (c, [input, pattern, flags, replacement]) => {
      const text = exsltString(c, input!);
      const global = exsltString(c, flags!).includes('g');
      const expression = pythonRegExp(exsltString(c, pattern!), exsltString(c, flags!).includes('i'), global);
      return text.replace(expression, pythonReplacement(exsltString(c, replacement!)));
    }),
  },
  [EXSLT_SETS]: {
    difference: fn(2, 2, (_, [a, b]) => {
      const other = new Set(requireNodeSet(b!));
      return requireNodeSet(a!).filter((node) => !other.has(node));
    }),
    intersection: fn(2, 2, (_, [a, b]) => {
      const other = new Set(requireNodeSet(b!));
      return requireNodeSet(a!).filter((node) => other.has(node));
    }),
    distinct: fn(1, 1, (c, [a]) => {
      const seen = new Set<string>();
      return requireNodeSet(a!).filter((node) => {
        const value = c.tree.stringValue(node);
        if (seen.has(value)) return false;
        seen.add(value);
        return true;
      });
    }),
    'has-same-node': fn(2, 2, (_, [a, b]) => {
      const other = new Set(requireNodeSet(b!));
      return requireNodeSet(a!).some((node) => other.has(node));
    }),
    leading: fn(2, 2, (_, [a, b]) => {
      const nodes = requireNodeSet(a!);
      const first = requireNodeSet(b!)[0];
      if (first === undefined) return nodes;
      const at = nodes.indexOf(first);
      return at === -1 ? [] : nodes.slice(0, at);
    }),
    trailing: fn(2, 2, (_, [a, b]) => {
      const nodes = requireNodeSet(a!);
      const first = requireNodeSet(b!)[0];
      if (first === undefined) return nodes;
      const at = nodes.indexOf(first);
      return at === -1 ? [] : nodes.slice(at + 1);
    }),
  },
};

/** The function a call names, with its arity checked; an unknown one is libxml2's "Unregistered function". */
export function lookupFunction(namespace: string | null, name: string, argumentCount: number): XPathFunction['call'] {
  const found = namespace === null ? CORE[name] : EXTENSIONS[namespace]?.[name];
  if (found === undefined || !Object.hasOwn(namespace === null ? CORE : EXTENSIONS[namespace]!, name)) {
    throw new XPathEvaluationError('Unregistered function');
  }
  if (argumentCount < found.min || argumentCount > found.max) throw new XPathEvaluationError('Invalid number of arguments');
  return found.call;
}

function firstName(context: FunctionContext, args: XPathValue[], name: (node: XNode) => string): string {
  const nodes = args.length > 0 ? requireNodeSet(args[0]!) : [context.node];
  const first = nodes[0];
  return first === undefined ? '' : name(first);
}

/** XPath's substring(): positions are rounded, NaN and infinities as the spec's comparisons make them. */
function substring(text: string, start: number, length: number): string {
  const chars = [...text];
  const first = round(start);
  const end = first + round(length);
  let out = '';
  for (let position = 1; position <= chars.length; position++) {
    if (position >= first && position < end) out += chars[position - 1];
  }
  return out;
}

function round(value: number): number {
  if (!Number.isFinite(value) || value === 0) return value;
  if (value < 0 && value >= -0.5) return -0;
  return Math.floor(value + 0.5);
}

function translate(text: string, from: string, to: string): string {
  const fromChars = [...from];
  const toChars = [...to];
  const map = new Map<string, string>();
  fromChars.forEach((char, i) => {
    if (!map.has(char)) map.set(char, toChars[i] ?? '');
  });
  return [...text].map((char) => map.get(char) ?? char).join('');
}

/** lxml: `xml:lang` on the context node or its nearest ancestor, matched by language prefix (never in HTML, where it is no namespaced attribute). */
function lang(context: FunctionContext, wanted: string): boolean {
  if (!context.tree.xml) return false;
  let node: AnyNode | null = elementOf(context.node);
  for (; node && isTag(node); node = node.parent) {
    const value = node.attribs['xml:lang'];
    if (value === undefined) continue;
    const language = value.toLowerCase();
    const target = wanted.toLowerCase();
    return language === target || language.startsWith(`${target}-`);
  }
  return false;
}

function elementOf(node: XNode): AnyNode | null {
  if (node instanceof AttributeNode || node instanceof NamespaceNode) return node.owner;
  return isTag(node) ? node : node.parent;
}

/** id(): elements whose ID (HTML's `id`, XML's `xml:id`) is one of the given tokens. */
function elementsById(context: FunctionContext, value: XPathValue): XNode[] {
  const text = isNodeSet(value) ? value.map((node) => context.tree.stringValue(node)).join(' ') : str(context, value);
  const wanted = new Set(text.split(/[ \t\r\n]+/).filter(Boolean));
  if (wanted.size === 0) return [];
  const attribute = context.tree.xml ? 'xml:id' : 'id';
  const found: XNode[] = [];
  const stack: AnyNode[] = [context.tree.rootOf(context.node)];
  let node: AnyNode | undefined;
  while ((node = stack.pop()) !== undefined) {
    if (isTag(node)) {
      const id = node.attribs[attribute];
      if (id !== undefined && wanted.has(id)) {
        found.push(node);
        wanted.delete(id);
      }
    }
    if ('children' in node && (isTag(node) || node.type === 'root')) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  return context.sort(found);
}

const HTML5_WHITESPACE = /[ \t\n\f\r]+/g;

/** parsel's has-class(): the context element's class attribute holds every given class. */
function hasClass(context: FunctionContext, args: XPathValue[]): boolean {
  if (args.length === 0) throw new XPathEvaluationError('has-class must have at least 1 argument');
  if (args.some((arg) => typeof arg !== 'string')) throw new XPathEvaluationError('has-class arguments must be strings');
  const { node } = context;
  if (node instanceof AttributeNode || node instanceof NamespaceNode || !isTag(node)) return false;
  const classes = node.attribs.class;
  if (classes === undefined) return false;
  const padded = ` ${classes} `.replace(HTML5_WHITESPACE, ' ');
  return args.every((name) => padded.includes(` ${name as string} `));
}

/** lxml's `_make_string`: a node-set gives its first node's string-value, a number Python's `str()`. */
function exsltString(context: FunctionContext, value: XPathValue): string {
  if (typeof value === 'number') return pythonFloatString(value);
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return str(context, value);
}

function regex(context: FunctionContext, pattern: XPathValue, flags: XPathValue | undefined): RegExp {
  return pythonRegExp(exsltString(context, pattern), flags !== undefined && exsltString(context, flags).includes('i'), false);
}

/**
 * re:match as lxml implements it: without `g`, the whole match then each group
 * ('' when a group did not take part); with `g`, each match's first group if
 * the expression has groups, else the whole match. Each result is a `<match>`
 * element under a `<matches>` root.
 */
function regexMatch(context: FunctionContext, input: string, pattern: XPathValue, flagsValue: XPathValue | undefined): XNode[] {
  const flags = flagsValue === undefined ? '' : exsltString(context, flagsValue);
  const expression = pythonRegExp(exsltString(context, pattern), flags.includes('i'), true);
  let strings: string[];
  if (flags.includes('g')) {
    strings = [...input.matchAll(expression)].map((match) => (match.length > 1 ? (match[1] ?? '') : match[0]));
  } else {
    const match = new RegExp(expression.source, expression.flags.replace('g', '')).exec(input);
    if (match === null) return [];
    strings = Array.from(match, (group) => group ?? '');
  }
  const root = new Element('matches', {});
  let previous: Element | null = null;
  for (const text of strings) {
    const element = new Element('match', {}, text === '' ? [] : [new Text(text)]);
    for (const child of element.children) child.parent = element;
    element.parent = root;
    element.prev = previous;
    if (previous) previous.next = element;
    root.children.push(element);
    previous = element;
  }
  return root.children;
}

