/**
 * The options of one feed (a `FEEDS` entry), as Scrapy's feed options in
 * camelCase. Options a feed leaves out come from the global `FEED_EXPORT_*`
 * and `FEED_STORE_EMPTY` settings.
 */
import iconv from 'iconv-lite';
import { SettingsError } from '../errors.js';
import { closestName } from '../settings/suggest.js';
import { FEED_FORMATS, formatFromExtension, isFeedFormat } from './formats.js';

export interface FeedOptions {
  /** `json`, `jsonlines` (`jsonl`, `jl`), `csv` or `xml`; default: the URI's extension. */
  format: string;
  /** Output encoding (default `FEED_EXPORT_ENCODING`; null: UTF-8, with JSON kept ASCII-only). */
  encoding?: string | null;
  /** Fields to export, in order (default `FEED_EXPORT_FIELDS`; null: every field). */
  fields?: string[] | null;
  /** Replace the file instead of appending to it (`-O` rather than `-o`). */
  overwrite?: boolean;
  /** Pretty-print with this many spaces (default `FEED_EXPORT_INDENT`; 0: one item per line). */
  indent?: number | null;
  /** Write the feed even when no item was scraped (default `FEED_STORE_EMPTY`). */
  storeEmpty?: boolean;
  /** Options for the format's exporter, e.g. `{ delimiter: ';' }` for csv, `{ itemElement: 'product' }` for xml. */
  itemExportKwargs?: Record<string, unknown>;
}

/** A feed's options with every default applied. */
export type ResolvedFeedOptions = Required<FeedOptions>;

const OPTION_NAMES = ['format', 'encoding', 'fields', 'overwrite', 'indent', 'storeEmpty', 'itemExportKwargs'];
const SCRAPY_ONLY_OPTIONS = new Set(['batch_item_count', 'item_classes', 'item_filter', 'postprocessing', 'uri_params']);

/** What a feed leaves out: the `FEED_EXPORT_ENCODING`, `FEED_EXPORT_FIELDS`, `FEED_EXPORT_INDENT` and `FEED_STORE_EMPTY` settings. */
export interface FeedDefaults {
  encoding: string | null;
  fields: string[] | null;
  indent: number;
  storeEmpty: boolean;
}

/** Check a `FEEDS` entry and fill in the defaults; throws a SettingsError naming what is wrong. */
export function resolveFeedOptions(uri: string, options: Partial<FeedOptions> | null | undefined, defaults: FeedDefaults): ResolvedFeedOptions {
  const where = `FEEDS[${JSON.stringify(uri)}]`;
  const given = options ?? {};
  if (typeof given !== 'object' || Array.isArray(given)) throw new SettingsError(`${where} must be an object of feed options, got ${JSON.stringify(given)}`);
  for (const key of Object.keys(given)) {
    if (OPTION_NAMES.includes(key)) continue;
    if (SCRAPY_ONLY_OPTIONS.has(key)) throw new SettingsError(`${where}: the feed option "${key}" is not supported`);
    const suggestion = closestName(key, OPTION_NAMES);
    throw new SettingsError(`${where}: unknown feed option "${key}"${suggestion ? ` — did you mean "${suggestion}"?` : ''} (options: ${OPTION_NAMES.join(', ')})`);
  }

  const format = given.format ?? formatFromExtension(uri);
  if (format === undefined) throw new SettingsError(`${where}: no format given and none implied by the extension; set format to one of ${FEED_FORMATS.join(', ')}`);
  if (!isFeedFormat(format)) throw new SettingsError(`${where}: unknown feed format "${format}"; known formats: ${FEED_FORMATS.join(', ')}`);

  const resolved: ResolvedFeedOptions = {
    format,
    encoding: given.encoding !== undefined ? given.encoding : defaults.encoding,
    fields: given.fields !== undefined ? given.fields : defaults.fields,
    overwrite: given.overwrite ?? false,
    indent: given.indent ?? defaults.indent,
    storeEmpty: given.storeEmpty ?? defaults.storeEmpty,
    itemExportKwargs: given.itemExportKwargs ?? {},
  };
  if (resolved.encoding !== null && (typeof resolved.encoding !== 'string' || !iconv.encodingExists(resolved.encoding))) {
    throw new SettingsError(`${where}: unknown encoding ${JSON.stringify(resolved.encoding)}`);
  }
  if (resolved.fields !== null && (!Array.isArray(resolved.fields) || !resolved.fields.every((field) => typeof field === 'string'))) {
    throw new SettingsError(`${where}: fields must be a list of field names, got ${JSON.stringify(resolved.fields)}`);
  }
  if (resolved.indent !== null && !(typeof resolved.indent === 'number' && Number.isInteger(resolved.indent))) {
    throw new SettingsError(`${where}: indent must be a whole number, got ${JSON.stringify(resolved.indent)}`);
  }
  for (const key of ['overwrite', 'storeEmpty'] as const) {
    if (typeof resolved[key] !== 'boolean') throw new SettingsError(`${where}: ${key} must be true or false, got ${JSON.stringify(resolved[key])}`);
  }
  if (typeof resolved.itemExportKwargs !== 'object' || resolved.itemExportKwargs === null) {
    throw new SettingsError(`${where}: itemExportKwargs must be an object`);
  }
  return resolved;
}
