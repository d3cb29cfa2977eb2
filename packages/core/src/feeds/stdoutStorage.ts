/** The standard output feed (`-` or `stdout:`): written to, flushed at the end, never closed. */
import type { Writable } from 'node:stream';
import type { FeedStorage } from './feedStorage.js';

export class StdoutFeedStorage implements FeedStorage {
  readonly kind = 'StdoutFeedStorage';

  constructor(readonly stream: Writable = process.stdout) {}

  async open(): Promise<Writable> {
    return this.stream;
  }

  /** Resolves once everything written so far has been handed to the OS. */
  async close(): Promise<void> {
    const { stream } = this;
    if (stream.destroyed || stream.writableEnded) return;
    await new Promise<void>((resolve, reject) => stream.write('', (error) => (error ? reject(error) : resolve())));
  }
}
