import type { Selector } from './selector.js';
import type { XPathVariables } from './xpath/index.js';

/** The result of a query: an array of selectors with parsel's extraction helpers. */
export class SelectorList extends Array<Selector> {
  // map/filter/slice build plain arrays, as their TypeScript signatures promise.
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  /** Runs `query` on every selector and concatenates the results. */
  css(query: string): SelectorList {
    const out = new SelectorList();
    for (const selector of this) {
      for (const match of selector.css(query)) out.push(match);
    }
    return out;
  }

  /** Runs the XPath `query` on every selector and concatenates the results. */
  xpath(query: string, variables?: XPathVariables, namespaces?: Readonly<Record<string, string>>): SelectorList {
    const out = new SelectorList();
    for (const selector of this) {
      for (const match of selector.xpath(query, variables, namespaces)) out.push(match);
    }
    return out;
  }

  /** The first selector's `get()`, or `defaultValue` when the list is empty. */
  get(): string | undefined;
  get(defaultValue: string): string;
  get(defaultValue?: string): string | undefined {
    return this[0]?.get() ?? defaultValue;
  }

  getAll(): string[] {
    return Array.from(this, (selector) => selector.get());
  }

  /** parsel's older name for `getAll()`, kept so Scrapy code ports as it is. */
  extract(): string[] {
    return this.getAll();
  }

  /** parsel's older name for `get()`. */
  extractFirst(): string | undefined;
  extractFirst(defaultValue: string): string;
  extractFirst(defaultValue?: string): string | undefined {
    return this.get(defaultValue as string);
  }

  re(regex: RegExp | string): string[] {
    return this.flatMap((selector) => selector.re(regex));
  }

  reFirst(regex: RegExp | string): string | undefined;
  reFirst(regex: RegExp | string, defaultValue: string): string;
  reFirst(regex: RegExp | string, defaultValue?: string): string | undefined {
    for (const selector of this) {
      const first = selector.re(regex)[0];
      if (first !== undefined) return first;
    }
    return defaultValue;
  }

  /** The first element's attributes (empty when the list is empty). */
  get attrib(): Record<string, string> {
    return this[0]?.attrib ?? {};
  }
}
