import { describe, expect, it } from 'vitest';
import { AsyncWrappedOutput, WrappedOutput } from './outputWrappers.js';

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

describe('WrappedOutput with onError', () => {
  it('passes values through and routes a source error through onError', () => {
    const { source } = tracked([1, 2, 3], 2);
    const seen: unknown[] = [];
    const guarded = new WrappedOutput(source, { onError: (error) => new Error(`tagged: ${(error as Error).message}`) });
    expect(() => {
      for (const value of guarded) seen.push(value);
    }).toThrow('tagged: source failed at 2');
    expect(seen).toEqual([1, 2]);
    expect(guarded.next()).toEqual({ done: true, value: undefined });
  });

  it('closes the source when the consumer stops early', () => {
    const { state, source } = tracked([1, 2, 3]);
    for (const value of new WrappedOutput(source, { onError: (error) => error })) if (value === 1) break;
    expect(state.closed).toBe(true);
  });
});

describe('WrappedOutput with map', () => {
  it('maps values and drops null and undefined results', () => {
    const { source } = tracked([1, 2, 3, 4]);
    const mapped = new WrappedOutput(source, { map: (value) => ((value as number) % 2 ? (value as number) * 10 : (value === 2 ? null : undefined)) });
    expect([...mapped]).toEqual([10, 30]);
  });

  it('closes the source when the map throws, and rethrows', () => {
    const { state, source } = tracked([1, 2, 3]);
    const mapped = new WrappedOutput(source, {
      map: (value) => {
        if (value === 2) throw new Error('map failed');
        return value;
      },
    });
    expect(() => [...mapped]).toThrow('map failed');
    expect(state.closed).toBe(true);
  });

  it('lets a source error through unchanged', () => {
    const { source } = tracked([1, 2], 1);
    expect(() => [...new WrappedOutput(source, { map: (value) => value })]).toThrow('source failed at 1');
  });
});

describe('async wrappers', () => {
  it('AsyncWrappedOutput with onError routes an async source error through onError', async () => {
    const guarded = new AsyncWrappedOutput(asyncOf([1, 2], 1), { onError: (error) => new Error(`tagged: ${(error as Error).message}`) });
    await expect(collect(guarded)).rejects.toThrow('tagged: source failed at 1');
  });

  it('AsyncWrappedOutput with map maps, drops nulls, and closes the source when the map throws', async () => {
    expect(await collect(new AsyncWrappedOutput(asyncOf([1, 2, 3]), { map: (value) => (value === 2 ? null : value) }))).toEqual([1, 3]);
    let closed = false;
    async function* source() {
      try {
        yield 1;
        yield 2;
      } finally {
        closed = true;
      }
    }
    const mapped = new AsyncWrappedOutput(source(), {
      map: () => {
        throw new Error('map failed');
      },
    });
    await expect(collect(mapped)).rejects.toThrow('map failed');
    expect(closed).toBe(true);
  });
});

describe('fuseMap', () => {
  const tag = (error: unknown) => new Error(`tagged: ${(error as Error).message}`);

  it('makes a guard map too: values mapped, source errors through onError, map errors as they are', async () => {
    const guard = new WrappedOutput(tracked([1, 2, 3]).source, { onError: tag });
    expect(guard.fuseMap((value) => (value === 2 ? null : (value as number) * 10))).toBe(true);
    expect([...guard]).toEqual([10, 30]);

    const failing = new WrappedOutput(tracked([1, 2], 1).source, { onError: tag });
    failing.fuseMap((value) => value);
    expect(() => [...failing]).toThrow('tagged: source failed at 1');

    const { state, source } = tracked([1, 2]);
    const mapFails = new WrappedOutput(source, { onError: tag });
    mapFails.fuseMap(() => {
      throw new Error('map failed');
    });
    expect(() => [...mapFails]).toThrow(/^map failed$/);
    expect(state.closed).toBe(true);

    const asyncGuard = new AsyncWrappedOutput(asyncOf([1, 2], 1), { onError: tag });
    expect(asyncGuard.fuseMap((value) => (value as number) + 1)).toBe(true);
    await expect(collect(asyncGuard)).rejects.toThrow('tagged: source failed at 1');
  });

  it('refuses a layer that maps already, or one that has finished', () => {
    const mapped = new WrappedOutput([1], { map: (value) => value });
    expect(mapped.fuseMap((value) => value)).toBe(false);
    const finished = new WrappedOutput([1], { onError: tag });
    expect([...finished]).toEqual([1]);
    expect(finished.fuseMap((value) => value)).toBe(false);
  });
});
