/** Feed formats by name (Scrapy's `FEED_EXPORTERS` names) and the format a file extension implies. */
import path from 'node:path';
import type { ItemExporterClass } from './itemExporter.js';
import { JsonItemExporter } from './jsonExporter.js';
import { JsonLinesItemExporter } from './jsonLinesExporter.js';
import { CsvItemExporter } from './csvExporter.js';
import { XmlItemExporter } from './xmlExporter.js';

export const FEED_EXPORTERS: Readonly<Record<string, ItemExporterClass>> = {
  json: JsonItemExporter,
  jsonlines: JsonLinesItemExporter,
  jsonl: JsonLinesItemExporter,
  jl: JsonLinesItemExporter,
  csv: CsvItemExporter,
  xml: XmlItemExporter,
};

export const FEED_FORMATS: readonly string[] = Object.keys(FEED_EXPORTERS);

export function isFeedFormat(format: string): boolean {
  return Object.hasOwn(FEED_EXPORTERS, format);
}

/** The format a URI's extension names (`out.jl` → `jl`), if it names one. */
export function formatFromExtension(uri: string): string | undefined {
  const extension = path.extname(uri).slice(1).toLowerCase();
  return isFeedFormat(extension) ? extension : undefined;
}
