/**
 * XPath 1.0 over the parsed DOM, with parsel's answers. Our own engine: the
 * `xpath` package, the best-kept one that runs on a custom DOM, needed a
 * wrapper per node and cost 3-14 times the CSS path per query on the
 * benchmark page (figures in docs/benchmark.md), most of it inside the
 * library (a new evaluation context and function table per context node).
 */
import { evaluateXPath, type XPathVariables } from './evaluate.js';
import { optimize } from './optimize.js';
import { XPathSyntaxError, parseXPath, type Expr } from './parser.js';
import type { XNode, XPathTree } from './tree.js';
import { XPathEvaluationError, type XPathValue } from './values.js';

export { XPathTree, AttributeNode, NamespaceNode, Kind, lookupNamespace, htmlAttributeValue, type XNode } from './tree.js';
export { DEFAULT_NAMESPACES } from './functions.js';
export { pythonFloatString } from './numbers.js';
export type { XPathValue } from './values.js';
export type { XPathVariables } from './evaluate.js';

/** An XPath expression that is invalid or cannot be evaluated: parsel's `ValueError("XPath error: ... in <query>")`. */
export class XPathError extends Error {
  override readonly name = 'XPathError';

  constructor(
    /** What went wrong, in libxml2's words (`Invalid expression`, `Undefined variable`, ...). */
    readonly reason: string,
    readonly expression: string,
    detail?: string,
  ) {
    super(`XPath error: ${reason} in ${expression}${detail ? ` (${detail})` : ''}`);
  }
}

interface Compiled {
  expr: Expr;
  /** Prefixes of the expression's name tests: lxml resolves them before evaluating, so an unknown one fails even where no node is tested. */
  prefixes: string[];
}

const compiled = new Map<string, Compiled>();
const MAX_COMPILED = 1000;

function compile(query: string): Compiled {
  let entry = compiled.get(query);
  if (entry === undefined) {
    let expr: Expr;
    try {
      expr = optimize(parseXPath(query));
    } catch (error) {
      if (error instanceof XPathSyntaxError) throw new XPathError('Invalid expression', query, error.message);
      throw error;
    }
    entry = { expr, prefixes: [...nameTestPrefixes(expr, new Set())] };
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    compiled.set(query, entry);
  }
  return entry;
}

function nameTestPrefixes(expr: Expr, found: Set<string>): Set<string> {
  const visit = (e: Expr): void => {
    switch (e.type) {
      case 'path':
        if (e.filter) visit(e.filter);
        for (const step of e.steps) {
          if ((step.test.kind === 'name' || step.test.kind === 'any') && step.test.prefix !== null) found.add(step.test.prefix);
          step.predicates.forEach(visit);
        }
        break;
      case 'filter':
        visit(e.primary);
        e.predicates.forEach(visit);
        break;
      case 'or':
      case 'and':
      case 'compare':
      case 'arithmetic':
      case 'union':
        visit(e.left);
        visit(e.right);
        break;
      case 'negate':
        visit(e.operand);
        break;
      case 'call':
        e.args.forEach(visit);
        break;
    }
  };
  visit(expr);
  return found;
}

export interface RunOptions {
  namespaces: Readonly<Record<string, string>>;
  variables?: XPathVariables | undefined;
}

/** Evaluates `query` with `node` as the context node. */
export function runXPath(query: string, node: XNode, tree: XPathTree, options: RunOptions): XPathValue {
  const { expr, prefixes } = compile(query);
  for (const prefix of prefixes) {
    if (prefix !== 'xml' && !Object.hasOwn(options.namespaces, prefix)) throw new XPathError('Undefined namespace prefix', query);
  }
  try {
    return evaluateXPath(expr, node, tree, options);
  } catch (error) {
    if (error instanceof XPathEvaluationError) throw new XPathError(error.message, query);
    throw error;
  }
}
