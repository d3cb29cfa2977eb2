/** One JSON object per line (JSON Lines), as Scrapy's JsonLinesItemExporter; `indent` does not apply. */
import type { ItemExporter, ItemExporterOptions, TextSink } from './itemExporter.js';
import { pickFields, toJson } from './itemValues.js';

export class JsonLinesItemExporter implements ItemExporter {
  readonly #sink: TextSink;
  readonly #fields: readonly string[] | null;
  readonly #json: { asciiOnly: boolean };

  constructor(sink: TextSink, options: ItemExporterOptions = {}) {
    this.#sink = sink;
    this.#fields = options.fields ?? null;
    this.#json = { asciiOnly: !options.encoding };
  }

  start(): void {}

  exportItem(item: object): void {
    this.#sink.write(`${toJson(pickFields(item, this.#fields), this.#json)}\n`);
  }

  finish(): void {}
}
