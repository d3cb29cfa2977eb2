/**
 * The exporter contract: an exporter turns items into text, item by item, and
 * writes it to a sink as it goes (it never holds more than the current item).
 */

/** Where an exporter writes: a text-mode `Writable`, or a feed's encoding sink. */
export interface TextSink {
  write(text: string): unknown;
}

export interface ItemExporterOptions {
  /** The fields to export, in this order (default: each item's own keys). */
  fields?: readonly string[] | null;
  /**
   * Without `fields`: the order of the CSV columns and XML elements, before
   * any other field an item has (the feed exporter gives the spider's
   * `itemSchema` fields). CSV's header then has every one of them.
   */
  fieldOrder?: readonly string[] | null;
  /** Spaces per nesting level; 0 or null puts one item per line (json, xml). */
  indent?: number | null;
  /** The output encoding; null (the default) keeps JSON ASCII-only with `\u` escapes, as Scrapy. */
  encoding?: string | null;
}

export interface ItemExporter {
  /** Write what comes before the first item (`[`, the XML prolog...). */
  start(): void;
  exportItem(item: object): void;
  /** Write what comes after the last item. */
  finish(): void;
}

export type ItemExporterClass = new (sink: TextSink, options?: ItemExporterOptions) => ItemExporter;
