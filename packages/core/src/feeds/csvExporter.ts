/**
 * CSV as Scrapy's CsvItemExporter writes it (Python's csv "excel" dialect:
 * minimal quoting, CRLF line ends). The header is `fields`, or `fieldOrder`
 * followed by the first item's other keys, or the first item's keys; later
 * items are cut to those columns, missing values are empty.
 * Lists of strings are joined by `joinMultivalued` (`,`); other lists and
 * nested objects are JSON.
 */
import { stringify, type Options as CsvOptions } from 'csv-stringify/sync';
import type { ItemExporter, ItemExporterOptions, TextSink } from './itemExporter.js';
import { isListLike, isMapping, scalarText, toJson } from './itemValues.js';

export interface CsvItemExporterOptions extends ItemExporterOptions {
  /** Write the header row first (default true). */
  includeHeadersLine?: boolean;
  /** Joins list values whose elements are all strings (default `,`). */
  joinMultivalued?: string;
  /** Field delimiter (default `,`). */
  delimiter?: string;
}

export class CsvItemExporter implements ItemExporter {
  readonly #sink: TextSink;
  readonly #includeHeaders: boolean;
  readonly #joinMultivalued: string;
  readonly #delimiter: string;
  #fields: readonly string[] | null;
  readonly #fieldOrder: readonly string[];
  #csv: CsvOptions | null = null;

  constructor(sink: TextSink, options: CsvItemExporterOptions = {}) {
    this.#sink = sink;
    this.#fields = options.fields ?? null;
    this.#fieldOrder = options.fieldOrder ?? [];
    this.#includeHeaders = options.includeHeadersLine ?? true;
    this.#joinMultivalued = options.joinMultivalued ?? ',';
    this.#delimiter = options.delimiter ?? ',';
  }

  start(): void {}

  exportItem(item: object): void {
    const record = item as Record<string, unknown>;
    if (this.#csv === null) {
      const fields = this.#fields ?? [...new Set([...this.#fieldOrder, ...Object.keys(item)])];
      // As Python's csv module: a row that is one empty field is written `""`, not as a blank line.
      const csv: CsvOptions = { delimiter: this.#delimiter, record_delimiter: '\r\n', quote_record_delimiter: true, quoted_empty: fields.length === 1 };
      const row = stringify([fields.map((field) => this.#cell(record[field]))], csv);
      this.#sink.write(this.#includeHeaders ? stringify([fields as string[]], csv) + row : row);
      this.#fields = fields;
      this.#csv = csv;
      return;
    }
    this.#sink.write(stringify([this.#fields!.map((field) => this.#cell(record[field]))], this.#csv));
  }

  finish(): void {}

  #cell(value: unknown): string {
    if (isListLike(value)) {
      const values = [...value];
      return values.every((entry) => typeof entry === 'string') ? values.join(this.#joinMultivalued) : toJson(values);
    }
    return isMapping(value) ? toJson(value) : scalarText(value);
  }
}
