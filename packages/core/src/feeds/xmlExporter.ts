/**
 * XML as Scrapy's XmlItemExporter writes it:
 * `<?xml version="1.0" encoding="utf-8"?>`, `<items>`, one `<item>` per line
 * (or pretty-printed with `indent` > 0) whose fields are child elements (in
 * `fields` or `fieldOrder` order, else the item's); list
 * values become `<value>` children and nested objects nested elements.
 * Null values are empty elements; field names that are not XML names have
 * their invalid characters replaced by `_`.
 */
import type { ItemExporter, ItemExporterOptions, TextSink } from './itemExporter.js';
import { isListLike, isMapping, mappingEntries, orderFields, pickFields, scalarText } from './itemValues.js';

export interface XmlItemExporterOptions extends ItemExporterOptions {
  /** The element of each item (default `item`). */
  itemElement?: string;
  /** The document's root element (default `items`). */
  rootElement?: string;
}

export class XmlItemExporter implements ItemExporter {
  readonly #sink: TextSink;
  readonly #fields: readonly string[] | null;
  readonly #fieldOrder: readonly string[] | null;
  readonly #indent: number;
  readonly #newline: string;
  readonly #encoding: string;
  readonly #itemElement: string;
  readonly #rootElement: string;

  constructor(sink: TextSink, options: XmlItemExporterOptions = {}) {
    this.#sink = sink;
    this.#fields = options.fields ?? null;
    this.#fieldOrder = options.fieldOrder ?? null;
    this.#indent = Math.max(0, options.indent ?? 0);
    this.#newline = this.#indent > 0 ? '\n' : '';
    this.#encoding = options.encoding ?? 'utf-8';
    this.#itemElement = xmlName(options.itemElement ?? 'item');
    this.#rootElement = xmlName(options.rootElement ?? 'items');
  }

  start(): void {
    this.#sink.write(`<?xml version="1.0" encoding="${this.#encoding}"?>\n<${this.#rootElement}>\n`);
  }

  exportItem(item: object): void {
    let xml = `${this.#pad(1)}<${this.#itemElement}>${this.#newline}`;
    for (const [name, value] of mappingEntries(this.#fields ? pickFields(item, this.#fields) : orderFields(item, this.#fieldOrder))) {
      if (value !== undefined) xml += this.#element(name, value, 2);
    }
    this.#sink.write(`${xml}${this.#pad(1)}</${this.#itemElement}>\n`);
  }

  finish(): void {
    this.#sink.write(`</${this.#rootElement}>`);
  }

  #element(name: string, value: unknown, depth: number): string {
    const tag = xmlName(name);
    let content: string;
    if (isListLike(value)) {
      content = this.#newline;
      for (const entry of value) content += this.#element('value', entry, depth + 1);
      content += this.#pad(depth);
    } else if (isMapping(value)) {
      content = this.#newline;
      for (const [key, entry] of mappingEntries(value)) {
        if (entry !== undefined) content += this.#element(key, entry, depth + 1);
      }
      content += this.#pad(depth);
    } else {
      content = escapeText(scalarText(value));
    }
    return `${this.#pad(depth)}<${tag}>${content}</${tag}>${this.#newline}`;
  }

  #pad(depth: number): string {
    return this.#indent > 0 ? ' '.repeat(this.#indent * depth) : '';
  }
}

const XML_NAME = /^[\p{L}_][\p{L}\p{N}_.-]*$/u;

function xmlName(name: string): string {
  if (XML_NAME.test(name)) return name;
  const cleaned = name.replace(/[^\p{L}\p{N}_.-]/gu, '_');
  return /^[\p{L}_]/u.test(cleaned) ? cleaned : `_${cleaned}`;
}

// Escaped by hand: text content needs only these few replacements, and an XML
// builder library would add a dependency without streaming item by item.
// `\r` is written as a reference so parsers do not normalize it away; control
// characters XML 1.0 forbids are dropped (they cannot be represented at all).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const ESCAPED = /[&<>\r\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };

function escapeText(text: string): string {
  return text.replace(ESCAPED, (char) => ENTITIES[char] ?? '');
}
