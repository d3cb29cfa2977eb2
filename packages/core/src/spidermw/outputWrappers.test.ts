import { describe, expect, it } from 'vitest';
import { GuardedAsyncOutput, GuardedOutput, MappedAsyncOutput, MappedOutput } from './outputWrappers.js';

/** A source that records whether it was closed early. */
function tracked(values: unknown[], failAt = -1) {
  const state = { closed: false };
  function* source() {
    try {
      for (let i = 0; i < values.length; i++) {
        if (i === failAt) throw new Error(`source failed at ${i}`);
        yield values[i];
      }
    } finally {
      state.closed = true;
    }
  }
  return { state, source: source() };
}

async function* asyncOf(values: unknown[], failAt = -1) {
  for (let i = 0; i < values.length; i++) {
    if (i === failAt) throw new Error(`source failed at ${i}`);
    yield values[i];
  }
}

async function collect(source: AsyncIterable<unknown>): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const value of source) out.push(value);
  return out;
}

describe('GuardedOutput', () => {
  it('passes values through and routes a source error through onError', () => {
    const { source } = tracked([1, 2, 3], 2);
    const seen: unknown[] = [];
    const guarded = new GuardedOutput(source, (error) => new Error(`tagged: ${(error as Error).message}`));
    expect(() => {
      for (const value of guarded) seen.push(value);
    }).toThrow('tagged: source failed at 2');
    expect(seen).toEqual([1, 2]);
    expect(guarded.next()).toEqual({ done: true, value: undefined });
  });

  it('closes the source when the consumer stops early', () => {
    const { state, source } = tracked([1, 2, 3]);
    for (const value of new GuardedOutput(source, (error) => error as Error)) if (value === 1) break;
    expect(state.closed).toBe(true);
  });
});

describe('MappedOutput', () => {
  it('maps values and drops null and undefined results', () => {
    const { source } = tracked([1, 2, 3, 4]);
    const mapped = new MappedOutput(source, (value) => ((value as number) % 2 ? (value as number) * 10 : (value === 2 ? null : undefined)));
    expect([...mapped]).toEqual([10, 30]);
  });

  it('closes the source when the map throws, and rethrows', () => {
    const { state, source } = tracked([1, 2, 3]);
    const mapped = new MappedOutput(source, (value) => {
      if (value === 2) throw new Error('map failed');
      return value;
    });
    expect(() => [...mapped]).toThrow('map failed');
    expect(state.closed).toBe(true);
  });

  it('lets a source error through unchanged', () => {
    const { source } = tracked([1, 2], 1);
    expect(() => [...new MappedOutput(source, (value) => value)]).toThrow('source failed at 1');
  });
});

describe('async wrappers', () => {
  it('GuardedAsyncOutput routes an async source error through onError', async () => {
    const guarded = new GuardedAsyncOutput(asyncOf([1, 2], 1), (error) => new Error(`tagged: ${(error as Error).message}`));
    await expect(collect(guarded)).rejects.toThrow('tagged: source failed at 1');
  });

  it('MappedAsyncOutput maps, drops nulls, and closes the source when the map throws', async () => {
    expect(await collect(new MappedAsyncOutput(asyncOf([1, 2, 3]), (value) => (value === 2 ? null : value)))).toEqual([1, 3]);
    let closed = false;
    async function* source() {
      try {
        yield 1;
        yield 2;
      } finally {
        closed = true;
      }
    }
    const mapped = new MappedAsyncOutput(source(), () => {
      throw new Error('map failed');
    });
    await expect(collect(mapped)).rejects.toThrow('map failed');
    expect(closed).toBe(true);
  });
});
