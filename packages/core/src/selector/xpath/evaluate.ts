/**
 * Evaluates parsed XPath 1.0 expressions over an `XPathTree`, with lxml's
 * answers (libxml2's number formatting, its error names, EXSLT functions).
 *
 * Node-sets are arrays in document order. A step from one context node keeps
 * its axis order; a step from several sorts and dedups only when its results
 * could be out of order.
 */
import { isTag, type AnyNode, type Element } from 'domhandler';
import { lookupFunction, type FunctionContext } from './functions.js';
import type { Expr, NodeTest, Step } from './parser.js';
import { Kind, type XNode, type XPathTree } from './tree.js';
import {
  XPathEvaluationError,
  isNodeSet,
  requireNodeSet,
  toBooleanValue,
  toNumberValue,
  toStringValue,
  type XPathValue,
} from './values.js';

export type XPathVariables = Readonly<Record<string, string | number | boolean>>;

export interface EvaluationOptions {
  variables?: XPathVariables;
  /** Prefix → namespace URI, for names and extension functions. */
  namespaces: Readonly<Record<string, string>>;
}

interface Context {
  node: XNode;
  position: number;
  size: number;
}

const REVERSE_AXES = new Set(['ancestor', 'ancestor-or-self', 'preceding', 'preceding-sibling']);
// Axes whose results, from context nodes in document order, are in document order without duplicates.
const ORDERED_AXES = new Set(['attribute', 'self', 'namespace']);

export function evaluateXPath(expr: Expr, node: XNode, tree: XPathTree, options: EvaluationOptions): XPathValue {
  return new Evaluator(tree, options).evaluate(expr, { node, position: 1, size: 1 });
}

class Evaluator {
  readonly #tree: XPathTree;
  readonly #variables: XPathVariables;
  readonly #namespaces: Readonly<Record<string, string>>;
  /** Node tests made once per step for this evaluation (they depend on the namespaces). */
  readonly #testers = new Map<Step, (node: XNode) => boolean>();
  /** Handed to every function call, updated in place (functions do not keep it). */
  readonly #functionContext: FunctionContext;

  constructor(tree: XPathTree, options: EvaluationOptions) {
    this.#tree = tree;
    this.#variables = options.variables ?? {};
    this.#namespaces = options.namespaces;
    this.#functionContext = { node: tree.root, position: 1, size: 1, tree, sort: (nodes) => this.#sort(nodes) };
  }

  evaluate(expr: Expr, context: Context): XPathValue {
    switch (expr.type) {
      case 'path':
        return this.#path(expr, context);
      case 'literal':
        return expr.value;
      case 'number':
        return expr.value;
      case 'or':
        return toBooleanValue(this.evaluate(expr.left, context)) || toBooleanValue(this.evaluate(expr.right, context));
      case 'and':
        return toBooleanValue(this.evaluate(expr.left, context)) && toBooleanValue(this.evaluate(expr.right, context));
      case 'compare':
        return this.#compare(expr.op, this.evaluate(expr.left, context), this.evaluate(expr.right, context));
      case 'arithmetic': {
        const left = toNumberValue(this.evaluate(expr.left, context), this.#tree);
        const right = toNumberValue(this.evaluate(expr.right, context), this.#tree);
        switch (expr.op) {
          case '+':
            return left + right;
          case '-':
            return left - right;
          case '*':
            return left * right;
          case 'div':
            return left / right;
          case 'mod':
            return left % right;
        }
        break;
      }
      case 'negate':
        return -toNumberValue(this.evaluate(expr.operand, context), this.#tree);
      case 'union': {
        const left = this.evaluate(expr.left, context);
        const right = this.evaluate(expr.right, context);
        if (!isNodeSet(left) || !isNodeSet(right)) throw new XPathEvaluationError('Invalid type');
        return this.#sort([...left, ...right]);
      }
      case 'filter':
        return this.#filter(requireNodeSet(this.evaluate(expr.primary, context)), expr.predicates);
      case 'variable':
        return this.#variable(expr.prefix, expr.name);
      case 'call':
        return this.#call(expr, context);
    }
    throw new XPathEvaluationError('Invalid expression');
  }

  #variable(prefix: string | null, name: string): XPathValue {
    if (prefix !== null || !Object.hasOwn(this.#variables, name)) throw new XPathEvaluationError('Undefined variable');
    const value = this.#variables[name];
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
    throw new XPathEvaluationError(`Invalid type for variable $${name}`);
  }

  #call(expr: Extract<Expr, { type: 'call' }>, context: Context): XPathValue {
    const namespace = expr.prefix === null ? null : this.#resolvePrefix(expr.prefix);
    const call = lookupFunction(namespace, expr.name, expr.args.length);
    const args: XPathValue[] = [];
    for (const arg of expr.args) args.push(this.evaluate(arg, context));
    const functionContext = this.#functionContext;
    functionContext.node = context.node;
    functionContext.position = context.position;
    functionContext.size = context.size;
    return call(functionContext, args);
  }

  #resolvePrefix(prefix: string): string {
    if (prefix === 'xml') return 'http://www.w3.org/XML/1998/namespace';
    const uri = Object.hasOwn(this.#namespaces, prefix) ? this.#namespaces[prefix] : undefined;
    if (uri === undefined) throw new XPathEvaluationError('Undefined namespace prefix');
    return uri;
  }

  // ---------------------------------------------------------------- comparisons

  #compare(op: '=' | '!=' | '<' | '<=' | '>' | '>=', left: XPathValue, right: XPathValue): boolean {
    const tree = this.#tree;
    if (isNodeSet(left) || isNodeSet(right)) {
      if (isNodeSet(left) && isNodeSet(right)) {
        if (op === '=' || op === '!=') {
          const rightStrings = new Set(right.map((node) => tree.stringValue(node)));
          return left.some((node) => {
            const value = tree.stringValue(node);
            return op === '=' ? rightStrings.has(value) : rightStrings.size > 1 || (rightStrings.size === 1 && !rightStrings.has(value));
          });
        }
        const rightNumbers = right.map((node) => toNumberValue([node], tree));
        return left.some((node) => {
          const value = toNumberValue([node], tree);
          return rightNumbers.some((other) => compareNumbers(op, value, other));
        });
      }
      // One node-set: compare each node as the other value's type (a boolean compares the whole set).
      const flip = !isNodeSet(left);
      const nodes = (flip ? right : left) as XNode[];
      const other = flip ? left : right;
      const ordered = (a: XPathValue, b: XPathValue): [XPathValue, XPathValue] => (flip ? [b, a] : [a, b]);
      if (typeof other === 'boolean') return this.#compareAtoms(op, ...ordered(toBooleanValue(nodes), other));
      return nodes.some((node) => {
        const value = typeof other === 'number' ? toNumberValue([node], tree) : tree.stringValue(node);
        return this.#compareAtoms(op, ...ordered(value, other));
      });
    }
    return this.#compareAtoms(op, left, right);
  }

  #compareAtoms(op: '=' | '!=' | '<' | '<=' | '>' | '>=', left: XPathValue, right: XPathValue): boolean {
    const tree = this.#tree;
    if (op === '=' || op === '!=') {
      let equal: boolean;
      if (typeof left === 'boolean' || typeof right === 'boolean') equal = toBooleanValue(left) === toBooleanValue(right);
      else if (typeof left === 'number' || typeof right === 'number') equal = toNumberValue(left, tree) === toNumberValue(right, tree);
      else equal = toStringValue(left, tree) === toStringValue(right, tree);
      return op === '=' ? equal : !equal;
    }
    return compareNumbers(op, toNumberValue(left, tree), toNumberValue(right, tree));
  }

  // ---------------------------------------------------------------- paths

  #path(expr: Extract<Expr, { type: 'path' }>, context: Context): XNode[] {
    let nodes: XNode[];
    if (expr.filter) nodes = requireNodeSet(this.evaluate(expr.filter, context));
    else if (expr.absolute) nodes = [this.#tree.rootOf(context.node)];
    else nodes = [context.node];
    for (const step of expr.steps) {
      if (nodes.length === 0) break;
      nodes = this.#step(step, nodes);
    }
    return nodes;
  }

  #step(step: Step, contexts: XNode[]): XNode[] {
    const reverse = REVERSE_AXES.has(step.axis);
    if (contexts.length === 1) {
      const found = this.#predicates(this.#axis(step, contexts[0]!), step.predicates);
      return reverse ? found.reverse() : found;
    }
    const results: XNode[] = [];
    for (const context of contexts) {
      const found = this.#predicates(this.#axis(step, context), step.predicates);
      if (reverse) found.reverse();
      for (const node of found) results.push(node);
    }
    return ORDERED_AXES.has(step.axis) ? results : this.#sort(results);
  }

  #filter(nodes: XNode[], predicates: Expr[]): XNode[] {
    return this.#predicates(nodes, predicates);
  }

  #predicates(nodes: XNode[], predicates: Expr[]): XNode[] {
    for (const predicate of predicates) {
      if (nodes.length === 0) return nodes;
      if (predicate.type === 'number') {
        const node = nodes[predicate.value - 1];
        nodes = node === undefined ? [] : [node];
        continue;
      }
      const size = nodes.length;
      const kept: XNode[] = [];
      for (let i = 0; i < size; i++) {
        const node = nodes[i]!;
        const value = this.evaluate(predicate, { node, position: i + 1, size });
        if (typeof value === 'number' ? value === i + 1 : toBooleanValue(value)) kept.push(node);
      }
      nodes = kept;
    }
    return nodes;
  }

  /** The nodes of the step's axis that pass its node test, in axis order (reverse axes: nearest first). */
  #axis(step: Step, node: XNode): XNode[] {
    const tree = this.#tree;
    const found: XNode[] = [];
    const test = this.#tester(step);
    const kind = tree.kind(node);
    switch (step.axis) {
      case 'child':
        if (kind === Kind.Element || kind === Kind.Root) this.#children(node as Element, test, found);
        break;
      case 'descendant':
        if (kind === Kind.Element || kind === Kind.Root) this.#descendants(node as Element, test, found);
        break;
      case 'descendant-or-self':
        if (test(node)) found.push(node);
        if (kind === Kind.Element || kind === Kind.Root) this.#descendants(node as Element, test, found);
        break;
      case 'self':
        if (test(node)) found.push(node);
        break;
      case 'attribute':
        if (kind === Kind.Element) for (const attribute of tree.attributes(node as Element)) if (test(attribute)) found.push(attribute);
        break;
      case 'namespace':
        if (kind === Kind.Element) for (const namespace of tree.namespaces(node as Element)) if (test(namespace)) found.push(namespace);
        break;
      case 'parent': {
        const parent = this.#parent(node);
        if (parent && test(parent)) found.push(parent);
        break;
      }
      case 'ancestor':
      case 'ancestor-or-self': {
        if (step.axis === 'ancestor-or-self' && test(node)) found.push(node);
        for (let parent = this.#parent(node); parent; parent = parent.parent) if (test(parent)) found.push(parent);
        break;
      }
      case 'following-sibling':
        if (kind !== Kind.Attribute && kind !== Kind.Namespace) {
          for (let next = (node as AnyNode).next; next; next = next.next) if (tree.kind(next) !== Kind.Hidden && test(next)) found.push(next);
        }
        break;
      case 'preceding-sibling':
        if (kind !== Kind.Attribute && kind !== Kind.Namespace) {
          for (let prev = (node as AnyNode).prev; prev; prev = prev.prev) if (tree.kind(prev) !== Kind.Hidden && test(prev)) found.push(prev);
        }
        break;
      case 'following':
        this.#following(node, kind, test, found);
        break;
      case 'preceding':
        this.#preceding(node, kind, test, found);
        break;
    }
    return found;
  }

  #parent(node: XNode): AnyNode | null {
    if ('owner' in node) return node.owner;
    return node.parent;
  }

  #children(parent: Element, test: (node: XNode) => boolean, found: XNode[]): void {
    const tree = this.#tree;
    for (const child of parent.children) if (tree.kind(child) !== Kind.Hidden && test(child)) found.push(child);
  }

  /** Descendants in document order; CDATA sections are text, not containers. */
  #descendants(top: Element, test: (node: XNode) => boolean, found: XNode[]): void {
    const tree = this.#tree;
    const lists: AnyNode[][] = [top.children];
    const positions: number[] = [0];
    while (lists.length > 0) {
      const depth = lists.length - 1;
      const list = lists[depth]!;
      const index = positions[depth]!;
      if (index >= list.length) {
        lists.pop();
        positions.pop();
        continue;
      }
      positions[depth] = index + 1;
      const node = list[index]!;
      if (isTag(node)) {
        if (test(node)) found.push(node);
        if (node.children.length > 0) {
          lists.push(node.children);
          positions.push(0);
        }
      } else if (tree.kind(node) !== Kind.Hidden && test(node)) {
        found.push(node);
      }
    }
  }

  #following(node: XNode, kind: Kind, test: (node: XNode) => boolean, found: XNode[]): void {
    let start: AnyNode;
    if (kind === Kind.Attribute || kind === Kind.Namespace) {
      // After an attribute come its element's descendants, then what follows the element.
      start = (node as { owner: Element }).owner;
      this.#descendants(start as Element, test, found);
    } else {
      start = node as AnyNode;
    }
    for (let current: AnyNode | null = start; current; current = current.parent) {
      for (let next = current.next; next; next = next.next) {
        if (this.#tree.kind(next) === Kind.Hidden) continue;
        if (test(next)) found.push(next);
        if (isTag(next)) this.#descendants(next, test, found);
      }
    }
  }

  /** Nodes before the context node in document order, not its ancestors; nearest first. */
  #preceding(node: XNode, kind: Kind, test: (node: XNode) => boolean, found: XNode[]): void {
    const start: AnyNode = kind === Kind.Attribute || kind === Kind.Namespace ? (node as { owner: Element }).owner : (node as AnyNode);
    for (let current: AnyNode | null = start; current; current = current.parent) {
      for (let prev = current.prev; prev; prev = prev.prev) {
        if (this.#tree.kind(prev) === Kind.Hidden) continue;
        if (isTag(prev)) {
          const inside: XNode[] = [];
          this.#descendants(prev, test, inside);
          for (let i = inside.length - 1; i >= 0; i--) found.push(inside[i]!);
        }
        if (test(prev)) found.push(prev);
      }
    }
  }

  /** A predicate for the step's node test (the principal node type is the axis's). */
  #tester(step: Step): (node: XNode) => boolean {
    let tester = this.#testers.get(step);
    if (tester === undefined) {
      tester = this.#makeTester(step);
      this.#testers.set(step, tester);
    }
    return tester;
  }

  #makeTester(step: Step): (node: XNode) => boolean {
    const tree = this.#tree;
    const test: NodeTest = step.test;
    const principal = step.axis === 'attribute' ? Kind.Attribute : step.axis === 'namespace' ? Kind.Namespace : Kind.Element;
    switch (test.kind) {
      case 'node':
        return () => true;
      case 'text':
        return (node) => tree.kind(node) === Kind.Text;
      case 'comment':
        return (node) => tree.kind(node) === Kind.Comment;
      case 'pi':
        return (node) => tree.kind(node) === Kind.ProcessingInstruction && (test.target === null || tree.localName(node) === test.target);
      case 'any': {
        if (test.prefix === null) return (node) => tree.kind(node) === principal;
        const uri = this.#resolvePrefix(test.prefix);
        return (node) => tree.kind(node) === principal && tree.namespaceUri(node) === uri;
      }
      case 'name': {
        const { local } = test;
        const uri = test.prefix === null ? '' : this.#resolvePrefix(test.prefix);
        // HTML names carry no namespace: a prefixed test matches nothing, an unprefixed one compares names.
        if (principal === Kind.Element && !tree.xml) return uri === '' ? (node) => isTag(node as AnyNode) && (node as Element).name === local : () => false;
        if (principal === Kind.Namespace) return (node) => tree.kind(node) === principal && tree.localName(node) === local && uri === '';
        return (node) => tree.kind(node) === principal && tree.localName(node) === local && tree.namespaceUri(node) === uri;
      }
    }
  }

  /** Document order without duplicates; nodes outside the tree (re:match results) keep their order after it. */
  #sort(nodes: XNode[]): XNode[] {
    if (nodes.length < 2) return nodes;
    const tree = this.#tree;
    const positions = nodes.map((node) => tree.position(node));
    let ordered = true;
    for (let i = 1; i < positions.length; i++) {
      if (positions[i]! <= positions[i - 1]!) {
        ordered = false;
        break;
      }
    }
    if (ordered) return nodes;
    const indices = nodes.map((_, i) => i).sort((a, b) => positions[a]! - positions[b]! || a - b);
    const sorted: XNode[] = [];
    let last: XNode | undefined;
    let lastPosition = NaN;
    for (const i of indices) {
      const node = nodes[i]!;
      if (last !== undefined && positions[i] === lastPosition && sameNode(node, last)) continue;
      sorted.push(node);
      last = node;
      lastPosition = positions[i]!;
    }
    return sorted;
  }
}

/** Attribute and namespace nodes are remade per query; two of them are the same node when they name the same thing. */
function sameNode(a: XNode, b: XNode): boolean {
  if (a === b) return true;
  if ('owner' in a && 'owner' in b) {
    if (a.owner !== b.owner) return false;
    if ('name' in a && 'name' in b) return a.name === b.name;
    if ('prefix' in a && 'prefix' in b) return a.prefix === b.prefix;
  }
  return false;
}

function compareNumbers(op: '<' | '<=' | '>' | '>=' | '=' | '!=', a: number, b: number): boolean {
  switch (op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '=':
      return a === b;
    case '!=':
      return a !== b;
  }
}
