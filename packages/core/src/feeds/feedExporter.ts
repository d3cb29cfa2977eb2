/**
 * The feed exports extension (Scrapy's FeedExporter): writes every scraped
 * item to each feed of `FEEDS`, streaming, as it is scraped. Feeds open when
 * the spider opens and are finished and flushed when it closes; the outcome is
 * logged ("Stored json feed (N items) in: out.json") and counted under
 * `feedexport/success_count/<storage>` or `feedexport/failed_count/<storage>`.
 *
 * When a feed's stream cannot keep up, the engine is paused until it drains,
 * so output never piles up in memory. A feed whose stream fails (a full disk,
 * a closed `| head` pipe) stops; the crawl and the other feeds go on.
 */
import type { Writable } from 'node:stream';
import type { CrawlerContext } from '../component/context.js';
import type { Logger } from '../engine/logger.js';
import { NotConfigured } from '../errors.js';
import { resolveFeedOptions, type ResolvedFeedOptions } from './feedOptions.js';
import { renderFeedUri } from './feedUri.js';
import { createFeedStorage, type FeedStorage } from './feedStorage.js';
import { FileFeedStorage } from './fileStorage.js';
import { StdoutFeedStorage } from './stdoutStorage.js';
import { FEED_EXPORTERS } from './formats.js';
import { StreamSink, type SinkEvents } from './streamSink.js';
import type { ItemExporter } from './itemExporter.js';
import { isStandardSchema, schemaFields } from '../items/itemSchema.js';

/** Formats whose output stays valid when appended to an existing file. */
const APPENDABLE_FORMATS = new Set(['jsonlines', 'jsonl', 'jl', 'csv']);

interface FeedSlot {
  readonly uri: string;
  readonly options: ResolvedFeedOptions;
  readonly storage: FeedStorage;
  readonly sink: StreamSink;
  readonly exporter: ItemExporter;
  started: boolean;
  itemCount: number;
}

export class FeedExporter {
  readonly #crawler: CrawlerContext;
  readonly #logger: Logger;
  readonly #feeds: Array<[uri: string, options: ResolvedFeedOptions]>;
  /** The spider's `itemSchema` fields: the CSV and XML column order when a feed names no fields. */
  readonly #fieldOrder: string[] | null;
  #slots: FeedSlot[] = [];
  #blockedSinks = 0;

  constructor(crawler: CrawlerContext) {
    const feeds = crawler.settings.get('FEEDS');
    if (Object.keys(feeds ?? {}).length === 0) throw new NotConfigured('FEEDS is empty');
    this.#crawler = crawler;
    this.#logger = crawler.logger.child('feedexport');
    const schema = crawler.spider.itemSchema;
    this.#fieldOrder = schema && isStandardSchema(schema) ? schemaFields(schema) : null;
    const { settings } = crawler;
    const defaults = {
      encoding: settings.get('FEED_EXPORT_ENCODING'),
      fields: settings.get('FEED_EXPORT_FIELDS'),
      indent: settings.get('FEED_EXPORT_INDENT'),
      storeEmpty: settings.get('FEED_STORE_EMPTY'),
    };
    this.#feeds = Object.entries(feeds).map(([uri, options]) => {
      const resolved = resolveFeedOptions(uri, options, defaults);
      // Fail at start, not when the spider opens, on an unknown placeholder or storage scheme.
      createFeedStorage(renderFeedUri(uri, crawler.spider), resolved.overwrite);
      return [uri, resolved];
    });
    crawler.signals.on('spiderOpened', () => this.#open());
    crawler.signals.on('itemScraped', ({ item }) => this.#export(item));
    crawler.signals.on('spiderClosed', () => this.#close());
  }

  async #open(): Promise<void> {
    const now = new Date();
    const slots = await Promise.all(this.#feeds.map(([uri, options]) => this.#openSlot(renderFeedUri(uri, this.#crawler.spider, now), options)));
    this.#slots = slots.filter((slot): slot is FeedSlot => slot !== undefined);
  }

  async #openSlot(uri: string, options: ResolvedFeedOptions): Promise<FeedSlot | undefined> {
    const storage = createFeedStorage(uri, options.overwrite);
    let stream: Writable;
    try {
      stream = await storage.open();
    } catch (error) {
      this.#logger.error(`Error opening ${options.format} feed ${uri}`, error);
      this.#crawler.stats.incValue(`feedexport/failed_count/${storage.kind}`);
      return undefined;
    }
    if (storage instanceof StdoutFeedStorage && options.overwrite) {
      this.#logger.warning(`Standard output (stdout) storage does not support overwriting; ignoring overwrite for ${uri}`);
    }
    if (storage instanceof FileFeedStorage && storage.appending && !APPENDABLE_FORMATS.has(options.format)) {
      this.#logger.warning(
        `Appending a ${options.format} feed to ${uri}, which is not empty: the file will not be valid ${options.format.toUpperCase()}. ` +
          'Use -O (overwrite: true) to replace it, or the jsonlines format to append.',
      );
    }
    const sink = new StreamSink(stream, options.encoding, this.#sinkEvents(uri));
    const Exporter = FEED_EXPORTERS[options.format]!;
    const exporter = new Exporter(sink, { ...options.itemExportKwargs, fields: options.fields, fieldOrder: this.#fieldOrder, indent: options.indent, encoding: options.encoding });
    const slot: FeedSlot = { uri, options, storage, sink, exporter, started: false, itemCount: 0 };
    if (options.storeEmpty) this.#start(slot);
    return slot;
  }

  /** Per scraped item: encode and write, synchronously. */
  #export(item: unknown): void {
    if (typeof item !== 'object' || item === null) {
      this.#logger.error(`Cannot export ${String(item)}: an item must be an object (does a pipeline forget to return the item?)`);
      return;
    }
    for (const slot of this.#slots) {
      if (slot.sink.error !== null) continue;
      try {
        if (!slot.started) this.#start(slot);
        slot.exporter.exportItem(item);
        slot.itemCount++;
      } catch (error) {
        this.#logger.error(`Error exporting an item to ${slot.uri}`, error);
      }
    }
  }

  #start(slot: FeedSlot): void {
    slot.started = true;
    slot.exporter.start();
  }

  async #close(): Promise<void> {
    await Promise.all(this.#slots.map((slot) => this.#closeSlot(slot)));
  }

  async #closeSlot(slot: FeedSlot): Promise<void> {
    if (slot.started && slot.sink.error === null) {
      slot.exporter.finish();
      slot.sink.end();
    }
    let error: unknown = null;
    try {
      await slot.storage.close();
    } catch (closeError) {
      error = closeError;
    }
    error = slot.sink.error ?? error;
    slot.sink.detach();
    // As Scrapy: a feed that exported nothing (and need not store empty feeds) is neither logged nor counted.
    if (!slot.started) return;
    const description = `${slot.options.format} feed (${slot.itemCount} items) in: ${slot.uri}`;
    if (error === null) {
      this.#logger.info(`Stored ${description}`);
      this.#crawler.stats.incValue(`feedexport/success_count/${slot.storage.kind}`);
      return;
    }
    if (isBrokenPipe(error)) this.#logger.debug(`Partly stored ${description}: the reader closed the pipe`);
    else this.#logger.error(`Error storing ${description}`, error);
    this.#crawler.stats.incValue(`feedexport/failed_count/${slot.storage.kind}`);
  }

  /** Backpressure pauses the whole engine while any feed's stream is full. */
  #sinkEvents(uri: string): SinkEvents {
    return {
      blocked: () => {
        this.#logger.debug(`Feed ${uri} is not keeping up: pausing the crawl until it drains`);
        if (this.#blockedSinks++ === 0) this.#crawler.engine.pause();
      },
      drained: () => {
        if (--this.#blockedSinks === 0) this.#crawler.engine.unpause();
      },
      failed: (error) => {
        if (isBrokenPipe(error)) this.#logger.debug(`Stopped exporting to ${uri}: the reader closed the pipe`);
        else this.#logger.error(`Error writing feed ${uri}; no more items will be exported to it`, error);
      },
    };
  }
}

function isBrokenPipe(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'EPIPE';
}
