/**
 * The text sink of one feed: encodes the exporter's text onto the storage
 * stream, reports backpressure (the stream's buffer is full / has drained) and
 * remembers the first write error (e.g. EPIPE when a `| head` reader exits),
 * after which it drops everything written to it.
 */
import type { Writable } from 'node:stream';
import iconv from 'iconv-lite';
import type { TextSink } from './itemExporter.js';

export interface SinkEvents {
  /** The stream's buffer is full: new output should wait for `drained`. */
  blocked(): void;
  drained(): void;
  /** Writing failed; the sink writes nothing more. */
  failed(error: Error): void;
}

export class StreamSink implements TextSink {
  readonly #stream: Writable;
  readonly #encoder: iconv.EncoderStream | null;
  readonly #events: SinkEvents;
  #blocked = false;
  #error: Error | null = null;

  /** `encoding` null means UTF-8. */
  constructor(stream: Writable, encoding: string | null, events: SinkEvents) {
    this.#stream = stream;
    this.#encoder = encoding === null || /^utf-?8$/i.test(encoding) ? null : iconv.getEncoder(encoding);
    this.#events = events;
    stream.on('error', this.#onError);
  }

  /** The first write error, if any. */
  get error(): Error | null {
    return this.#error;
  }

  write(text: string): void {
    if (this.#error !== null || text === '') return;
    const accepted = this.#encoder ? this.#stream.write(this.#encoder.write(text)) : this.#stream.write(text, 'utf8');
    if (!accepted && !this.#blocked) {
      this.#blocked = true;
      this.#stream.once('drain', this.#onDrain);
      this.#events.blocked();
    }
  }

  /** Write what a stateful encoder still holds; call after the exporter's `finish()`. */
  end(): void {
    const rest = this.#encoder?.end();
    if (rest?.length && this.#error === null) this.#stream.write(rest);
  }

  /** Stop listening to the stream once it is flushed. After a failure the error listener stays: the stream may still report it. */
  detach(): void {
    this.#stream.off('drain', this.#onDrain);
    if (this.#error === null) this.#stream.off('error', this.#onError);
    this.#unblock();
  }

  readonly #onDrain = (): void => this.#unblock();

  readonly #onError = (error: Error): void => {
    if (this.#error !== null) return;
    this.#error = error;
    this.#stream.off('drain', this.#onDrain);
    this.#unblock();
    this.#events.failed(error);
  };

  #unblock(): void {
    if (!this.#blocked) return;
    this.#blocked = false;
    this.#events.drained();
  }
}
