/** Field selection and value serialization shared by the exporters. */

/** The fields of `item` to export: `fields` picks and orders them; fields the item lacks are left out. */
export function pickFields(item: object, fields: readonly string[] | null | undefined): object {
  if (!fields) return item;
  const source = item as Record<string, unknown>;
  const picked: Record<string, unknown> = {};
  for (const field of fields) {
    const value = source[field];
    if (value !== undefined) picked[field] = value;
  }
  return picked;
}

/** `order`'s fields the item has, then the item's other fields: its entries in that order. */
export function orderFields(item: object, order: readonly string[] | null | undefined): object {
  if (!order || order.length === 0) return item;
  const source = item as Record<string, unknown>;
  const ordered: Record<string, unknown> = {};
  for (const field of order) if (field in source) ordered[field] = source[field];
  for (const field of Object.keys(source)) if (!(field in ordered)) ordered[field] = source[field];
  return ordered;
}

export function isListLike(value: unknown): value is unknown[] | Set<unknown> {
  return Array.isArray(value) || value instanceof Set;
}

/** A mapping exported as nested fields: a plain object or class instance, or a Map (not a Date or a list). */
export function isMapping(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !(value instanceof Date) && !isListLike(value);
}

export function mappingEntries(value: object): Array<[string, unknown]> {
  return value instanceof Map ? [...value].map(([key, entry]) => [String(key), entry]) : Object.entries(value);
}

/** Text of a scalar: dates as ISO 8601, null and undefined as empty. */
export function scalarText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  return String(value);
}

/** JSON of a value: dates as ISO strings, Sets as arrays, Maps as objects, bigints as strings. */
export function toJson(value: unknown, options: { indent?: number; asciiOnly?: boolean } = {}): string {
  const text = JSON.stringify(value, jsonReplacer, options.indent) ?? 'null';
  return options.asciiOnly ? text.replace(NON_ASCII, escapeCodeUnit) : text;
}

function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Set) return [...value];
  if (value instanceof Map) return Object.fromEntries(value);
  return value;
}

// Outside strings JSON is ASCII, so escaping every non-ASCII code unit yields
// Python's `ensure_ascii` output (surrogate pairs become two escapes, as there).
const NON_ASCII = /[\u0080-\uffff]/g;

function escapeCodeUnit(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}
