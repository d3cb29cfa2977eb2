import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { StreamSink, type SinkEvents } from './streamSink.js';

/** A stream that accepts writes only when the test releases them. */
function heldStream(highWaterMark: number) {
  const chunks: Buffer[] = [];
  const pending: Array<(error?: Error | null) => void> = [];
  const stream = new Writable({
    highWaterMark,
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      pending.push(callback);
    },
  });
  return { stream, chunks, release: (error?: Error) => pending.splice(0).forEach((callback) => callback(error ?? null)) };
}

function recorder() {
  const events: string[] = [];
  const sinkEvents: SinkEvents = {
    blocked: () => events.push('blocked'),
    drained: () => events.push('drained'),
    failed: (error) => events.push(`failed: ${error.message}`),
  };
  return { events, sinkEvents };
}

describe('StreamSink', () => {
  it('reports a full stream once, and its draining', async () => {
    const { stream, release } = heldStream(8);
    const { events, sinkEvents } = recorder();
    const sink = new StreamSink(stream, null, sinkEvents);
    sink.write('0123456789');
    sink.write('more');
    expect(events).toEqual(['blocked']);
    const drained = new Promise((resolve) => stream.once('drain', resolve));
    release();
    release();
    await drained;
    expect(events).toEqual(['blocked', 'drained']);
  });

  it('stops writing after the first error, and releases a blocked stream', async () => {
    const { stream, chunks, release } = heldStream(4);
    const { events, sinkEvents } = recorder();
    const sink = new StreamSink(stream, null, sinkEvents);
    sink.write('first');
    const failed = new Promise((resolve) => stream.once('error', resolve));
    release(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    await failed;
    sink.write('dropped');
    expect(events).toEqual(['blocked', 'drained', 'failed: write EPIPE']);
    expect(sink.error?.message).toBe('write EPIPE');
    expect(Buffer.concat(chunks).toString()).toBe('first');
  });

  it('encodes text in the feed encoding', () => {
    const { stream, chunks } = heldStream(1024);
    const sink = new StreamSink(stream, 'latin1', recorder().sinkEvents);
    sink.write('café');
    sink.end();
    expect(Buffer.concat(chunks)).toEqual(Buffer.from([0x63, 0x61, 0x66, 0xe9]));
  });

  it('stops listening once detached', () => {
    const { stream } = heldStream(1024);
    const sink = new StreamSink(stream, null, recorder().sinkEvents);
    expect(stream.listenerCount('error')).toBe(1);
    sink.detach();
    expect(stream.listenerCount('error')).toBe(0);
  });
});
