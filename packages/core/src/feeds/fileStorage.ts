/** A local file feed: parent directories are created; `overwrite` truncates (`-O`), otherwise output is appended (`-o`). */
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { FeedStorage } from './feedStorage.js';

// A larger buffer than the 16 KiB default, so a fast crawl rarely has to wait for the disk.
const HIGH_WATER_MARK = 1024 * 1024;

export class FileFeedStorage implements FeedStorage {
  readonly kind = 'FileFeedStorage';
  /** Set by `open()`: output is being appended to a file that already had content. */
  appending = false;
  #stream: WriteStream | undefined;

  constructor(
    readonly path: string,
    readonly overwrite: boolean,
  ) {}

  async open(): Promise<Writable> {
    await mkdir(path.dirname(this.path), { recursive: true });
    const stream = createWriteStream(this.path, { flags: this.overwrite ? 'w' : 'a', highWaterMark: HIGH_WATER_MARK });
    await once(stream, 'open');
    this.appending = !this.overwrite && (await stat(this.path)).size > 0;
    this.#stream = stream;
    return stream;
  }

  async close(): Promise<void> {
    const stream = this.#stream;
    if (!stream) return;
    if (!stream.destroyed) stream.end();
    await finished(stream);
  }
}
