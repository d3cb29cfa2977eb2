/** Feed exports: the FeedExporter extension, item exporters, storages and `-o`/`-O` parsing. */
export { FeedExporter } from './feedExporter.js';
export { resolveFeedOptions, type FeedOptions, type FeedDefaults, type ResolvedFeedOptions } from './feedOptions.js';
export { parseFeedArgument, renderFeedUri } from './feedUri.js';
export { FEED_EXPORTERS, FEED_FORMATS, formatFromExtension } from './formats.js';
export type { ItemExporter, ItemExporterClass, ItemExporterOptions, TextSink } from './itemExporter.js';
export { JsonItemExporter } from './jsonExporter.js';
export { JsonLinesItemExporter } from './jsonLinesExporter.js';
export { CsvItemExporter, type CsvItemExporterOptions } from './csvExporter.js';
export { XmlItemExporter, type XmlItemExporterOptions } from './xmlExporter.js';
export { createFeedStorage, type FeedStorage } from './feedStorage.js';
export { FileFeedStorage } from './fileStorage.js';
export { StdoutFeedStorage } from './stdoutStorage.js';
