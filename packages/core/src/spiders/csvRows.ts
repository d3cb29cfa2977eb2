/**
 * Scrapy's `csviter`, streaming: the body is decoded a chunk at a time and
 * parsed by csv-parse (Python's csv "excel" dialect: `"` quotes, doubled
 * quotes inside them, any line end), with backpressure, so the parsing holds
 * a few rows whatever the size of the feed. Each row is an object keyed by
 * `headers` (default: the first row); a row with another number of fields is
 * skipped and reported (a blank line too), as Scrapy skips it with a warning.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { once } from 'node:events';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import { resolveEncoding } from '../http/encoding.js';

/** Bytes decoded and handed to the parser per step. */
const CHUNK_BYTES = 64 * 1024;

export interface CsvRowOptions {
  /** The field separator (default `,`). */
  delimiter?: string | null;
  /** The quote character (default `"`). */
  quotechar?: string | null;
  /** The keys of each row; default: the first row. */
  headers?: readonly string[] | null;
  /** Told about each row skipped for its length (its line number, its length, the expected length). */
  onBadRow?: (line: number, length: number, expected: number) => void;
}

interface ParsedRecord {
  record: string[];
  info: { lines: number };
}

export async function* iterateCsvRows(body: Buffer, encoding: string, options: CsvRowOptions = {}): AsyncGenerator<Record<string, string>> {
  const parser = parse({
    delimiter: options.delimiter ?? ',',
    quote: options.quotechar ?? '"',
    // Python's doublequote: a quote inside a quoted field is written twice.
    escape: options.quotechar ?? '"',
    // Python's csv reader takes these as they come rather than failing the file.
    relax_quotes: true,
    relax_column_count: true,
    info: true,
  });
  const decoder = iconv.getDecoder(resolveEncoding(encoding) ?? 'utf-8');
  // Stops the feeding when the rows are no longer read (the spider returned early, or failed).
  const stop = new AbortController();
  const feeding = (async () => {
    for (let start = 0; start < body.length && !stop.signal.aborted; start += CHUNK_BYTES) {
      if (!parser.write(decoder.write(body.subarray(start, start + CHUNK_BYTES)))) await once(parser, 'drain', { signal: stop.signal });
      await yieldToEventLoop();
    }
    if (!stop.signal.aborted) parser.end(decoder.end() ?? '');
  })().catch((error: unknown) => {
    if (!stop.signal.aborted) parser.destroy(error as Error);
  });

  let headers = options.headers ?? null;
  // csv-parse counts a CRLF inside a quoted field as two lines; Python's reader (so Scrapy's warnings) as one.
  let quotedCrlfs = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<ParsedRecord>) {
      for (const field of record) if (field.includes('\r\n')) quotedCrlfs += field.split('\r\n').length - 1;
      if (headers === null) {
        headers = record;
        continue;
      }
      if (record.length !== headers.length) {
        // A blank line is a row of no fields to Python's csv reader (csv-parse reads one empty field).
        options.onBadRow?.(info.lines - quotedCrlfs, record.length === 1 && record[0] === '' ? 0 : record.length, headers.length);
        continue;
      }
      const row: Record<string, string> = {};
      for (let i = 0; i < headers.length; i++) row[headers[i]!] = record[i]!;
      yield row;
    }
  } finally {
    stop.abort();
    parser.destroy();
    await feeding;
  }
}
