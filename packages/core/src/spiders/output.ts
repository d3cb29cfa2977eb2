/** Callback output in every shape a callback may return it, as one iterable. */
import { Request } from '../http/request.js';
import { isThenable } from '../engine/signals.js';

/** What flows from a callback to the engine: sync when the callback and every middleware are sync. */
export type Output = AsyncIterable<unknown> | Iterable<unknown>;

/** Accept every shape a callback may return: async/sync generators, arrays, promises, a single value, nothing. */
export function iterateOutput(value: unknown): Output {
  if (isThenable(value)) {
    return (async function* awaited() {
      yield* iterateOutput(await value);
    })();
  }
  if (value === null || value === undefined) return [];
  if (typeof value === 'object' && (Symbol.asyncIterator in value || Symbol.iterator in value) && !(value instanceof Request)) {
    return value as Output;
  }
  return [value];
}

/** Any callback output as an async iterable, for a `processResults` hook to read. */
export async function* toAsync(output: AsyncIterable<unknown> | Iterable<unknown>): AsyncGenerator<unknown> {
  yield* output;
}
