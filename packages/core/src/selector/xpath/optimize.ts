/**
 * Rewrites that keep an expression's meaning but spare work: `//name[...]`
 * (`descendant-or-self::node()/child::name[...]`) becomes one
 * `descendant::name[...]` step when no predicate depends on the position
 * among siblings, as libxml2 does. `//li[1]` keeps both steps.
 */
import type { Expr, Step } from './parser.js';

const NUMERIC_FUNCTIONS = new Set(['last', 'position', 'count', 'sum', 'number', 'string-length', 'floor', 'ceiling', 'round']);

export function optimize(expr: Expr): Expr {
  switch (expr.type) {
    case 'path':
      return { ...expr, filter: expr.filter && optimize(expr.filter), steps: optimizeSteps(expr.steps) };
    case 'filter':
      return { ...expr, primary: optimize(expr.primary), predicates: expr.predicates.map(optimize) };
    case 'or':
    case 'and':
    case 'compare':
    case 'arithmetic':
    case 'union':
      return { ...expr, left: optimize(expr.left), right: optimize(expr.right) } as Expr;
    case 'negate':
      return { ...expr, operand: optimize(expr.operand) };
    case 'call':
      return { ...expr, args: expr.args.map(optimize) };
    default:
      return expr;
  }
}

function optimizeSteps(steps: Step[]): Step[] {
  const out: Step[] = [];
  for (let i = 0; i < steps.length; i++) {
    const step = { ...steps[i]!, predicates: steps[i]!.predicates.map(optimize) };
    const next = steps[i + 1];
    const anyNode = step.axis === 'descendant-or-self' && step.test.kind === 'node' && step.predicates.length === 0;
    if (anyNode && next && next.axis === 'child' && next.predicates.every(isPositionFree)) {
      out.push({ axis: 'descendant', test: next.test, predicates: next.predicates.map(optimize) });
      i++;
      continue;
    }
    out.push(step);
  }
  return out;
}

/** A predicate that is not a number and does not read the context position or size. */
function isPositionFree(predicate: Expr): boolean {
  return !mayBeNumber(predicate) && !readsPosition(predicate);
}

function mayBeNumber(expr: Expr): boolean {
  switch (expr.type) {
    case 'number':
    case 'arithmetic':
    case 'negate':
    case 'variable':
      return true;
    case 'call':
      return expr.prefix === null ? NUMERIC_FUNCTIONS.has(expr.name) : false;
    default:
      return false;
  }
}

/** Whether `position()` or `last()` is read at this expression's own context (not inside nested predicates). */
function readsPosition(expr: Expr): boolean {
  switch (expr.type) {
    case 'call':
      return (expr.prefix === null && (expr.name === 'position' || expr.name === 'last')) || expr.args.some(readsPosition);
    case 'or':
    case 'and':
    case 'compare':
    case 'arithmetic':
    case 'union':
      return readsPosition(expr.left) || readsPosition(expr.right);
    case 'negate':
      return readsPosition(expr.operand);
    case 'filter':
      return readsPosition(expr.primary);
    case 'path':
      return expr.filter !== null && readsPosition(expr.filter);
    default:
      return false;
  }
}
