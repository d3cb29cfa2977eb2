/**
 * A JSON array, written item by item as Scrapy's JsonItemExporter lays it
 * out: `[`, one item per line (or each item pretty-printed with `indent` > 0),
 * `]`. With no `encoding`, non-ASCII characters are `\u`-escaped.
 */
import type { ItemExporter, ItemExporterOptions, TextSink } from './itemExporter.js';
import { pickFields, toJson } from './itemValues.js';

export class JsonItemExporter implements ItemExporter {
  readonly #sink: TextSink;
  readonly #fields: readonly string[] | null;
  readonly #json: { indent?: number; asciiOnly: boolean };
  #first = true;

  constructor(sink: TextSink, options: ItemExporterOptions = {}) {
    this.#sink = sink;
    this.#fields = options.fields ?? null;
    const indent = options.indent ?? 0;
    this.#json = { ...(indent > 0 ? { indent } : {}), asciiOnly: !options.encoding };
  }

  start(): void {
    this.#sink.write('[\n');
  }

  exportItem(item: object): void {
    const json = toJson(pickFields(item, this.#fields), this.#json);
    this.#sink.write(this.#first ? json : `,\n${json}`);
    this.#first = false;
  }

  finish(): void {
    this.#sink.write('\n]');
  }
}
