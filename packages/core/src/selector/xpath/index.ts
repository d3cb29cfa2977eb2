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

export { XPathTree, AttributeNode, NamespaceNode, Kind, lookupNamespace, type XNode } from './tree.js';
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

const compiled = new Map<string, Expr>();
const MAX_COMPILED = 1000;

function compile(query: string): Expr {
  let expr = compiled.get(query);
  if (expr === undefined) {
    try {
      expr = optimize(parseXPath(query));
    } catch (error) {
      if (error instanceof XPathSyntaxError) throw new XPathError('Invalid expression', query, error.message);
      throw error;
    }
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    compiled.set(query, expr);
  }
  return expr;
}

export interface RunOptions {
  namespaces: Readonly<Record<string, string>>;
  variables?: XPathVariables | undefined;
}

/** Evaluates `query` with `node` as the context node. */
export function runXPath(query: string, node: XNode, tree: XPathTree, options: RunOptions): XPathValue {
  const expr = compile(query);
  try {
    return evaluateXPath(expr, node, tree, options);
  } catch (error) {
    if (error instanceof XPathEvaluationError) throw new XPathError(error.message, query);
    throw error;
  }
}
