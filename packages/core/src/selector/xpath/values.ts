/** XPath 1.0's four value types and the conversions between them (§4). */
import { numberToString, stringToNumber } from './numbers.js';
import type { XNode, XPathTree } from './tree.js';

/** A node-set (document order, no duplicates), a string, a number or a boolean. */
export type XPathValue = XNode[] | string | number | boolean;

/** Why an expression could not be evaluated, in libxml2's words (`Invalid type`, `Undefined variable`, ...). */
export class XPathEvaluationError extends Error {}

export function isNodeSet(value: XPathValue): value is XNode[] {
  return Array.isArray(value);
}

export function toStringValue(value: XPathValue, tree: XPathTree): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return numberToString(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const first = value[0];
  return first === undefined ? '' : tree.stringValue(first);
}

export function toNumberValue(value: XPathValue, tree: XPathTree): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return stringToNumber(toStringValue(value, tree));
}

export function toBooleanValue(value: XPathValue): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  return value.length > 0;
}

export function requireNodeSet(value: XPathValue): XNode[] {
  if (!isNodeSet(value)) throw new XPathEvaluationError('Invalid type');
  return value;
}
