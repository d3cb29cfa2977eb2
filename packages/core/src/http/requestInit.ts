/**
 * What `new Request(...)`, `follow()` and their kin accept, as Scrapy's
 * `Request(url, callback=None, ...)` translated: `(init)`, `(url)`,
 * `(url, init)` or `(url, callback)`. Anything else — an option Arachne does
 * not know (`header`, Scrapy's `cb_kwargs`), a callback that is neither a
 * function nor a method name — is a TypeError naming the accepted forms,
 * never silently ignored.
 */
import { closestName } from '../settings/suggest.js';

/** The forms, for error messages. */
const FORMS = '(url), (url, callback), (url, { callback, meta, ... }) or ({ url, ... })';

/**
 * Normalize a constructor's arguments into one init object. `optionNames`
 * are the init keys the class accepts (its own and Request's).
 */
export function requestInit<I extends { url: string | URL }>(
  className: string,
  optionNames: ReadonlySet<string>,
  first: unknown,
  second: unknown,
): I {
  let init: Record<string, unknown>;
  if (typeof first === 'string' || first instanceof URL) {
    if (second === undefined) return { url: first } as I;
    if (typeof second === 'function') return { url: first, callback: second } as unknown as I;
    if (!isPlainOptions(second)) {
      throw new TypeError(`${className}: the second argument must be a callback function or an options object, got ${describe(second)}; accepted: ${className}${FORMS}${typeof second === 'string' ? `. To name a spider method, write { callback: ${JSON.stringify(second)} }` : ''}`);
    }
    if ('url' in second) throw new TypeError(`${className}: the URL is given twice (as the first argument and as "url"); accepted: ${className}${FORMS}`);
    // Not `{ ...second, url }`: Node 20's V8 builds a new hidden class on every call for such a literal (~0.6 µs a link).
    init = Object.assign({}, second, { url: first });
  } else if (isPlainOptions(first) && second === undefined) {
    init = first;
  } else {
    throw new TypeError(`${className}: cannot build a request from ${describe(first)}${second === undefined ? '' : ` and ${describe(second)}`}; accepted: ${className}${FORMS}`);
  }
  checkOptions(className, optionNames, init);
  return init as I;
}

/** Check the keys and the shapes a typo or a Scrapy habit gets wrong. */
export function checkOptions(className: string, optionNames: ReadonlySet<string>, init: Record<string, unknown>): void {
  for (const key in init) {
    if (!optionNames.has(key)) throw unknownOption(className, optionNames, key);
  }
  for (const key of ['callback', 'errback'] as const) {
    const value = init[key];
    if (value != null && typeof value !== 'function' && typeof value !== 'string') {
      throw new TypeError(`${className}: "${key}" must be a function or a spider method name, got ${describe(value)}`);
    }
  }
  for (const key of ['meta', 'cbKwargs'] as const) {
    const value = init[key];
    if (value !== undefined && (typeof value !== 'object' || value === null || Array.isArray(value))) {
      throw new TypeError(`${className}: "${key}" must be an object, got ${describe(value)}`);
    }
  }
  if (init.priority !== undefined && typeof init.priority !== 'number') throw new TypeError(`${className}: "priority" must be a number, got ${describe(init.priority)}`);
  if (init.url === undefined) throw new TypeError(`${className}: a URL is required; accepted: ${className}${FORMS}`);
}

function unknownOption(className: string, optionNames: ReadonlySet<string>, key: string): TypeError {
  // Scrapy's spellings: `cb_kwargs`, `dont_click`, and the one-word `formdata`, `clickdata`, `formname`...
  const folded = key.replace(/_/g, '').toLowerCase();
  const camel = [...optionNames].find((name) => name.toLowerCase() === folded);
  if (camel !== undefined) return new TypeError(`${className}: "${key}" is Scrapy's name; in Arachne it is "${camel}"`);
  const suggestion = closestName(key, optionNames);
  return new TypeError(
    `${className}: unknown option "${key}"${suggestion ? ` — did you mean "${suggestion}"?` : ''} (options: ${[...optionNames].join(', ')})`,
  );
}

function isPlainOptions(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof URL);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value)}`;
  return typeof value === 'object' ? `a ${value.constructor?.name ?? 'object'}` : `${typeof value} ${String(value)}`;
}
