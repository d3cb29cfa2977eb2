/**
 * itemloaders' processors. A processor is a plain one-argument function or an
 * object with `process(value)`; the classes below are the latter.
 */

export interface ProcessorObject {
  process(value: unknown): unknown;
}

/** Any one-argument function: `(s: string) => s.trim()` is accepted as it is. */
export type ProcessorFunction = (value: never) => unknown;

export type Processor = ProcessorObject | ProcessorFunction;

export function runProcessor(processor: Processor, value: unknown): unknown {
  return typeof processor === 'function' ? (processor as (value: unknown) => unknown)(value) : processor.process(value);
}

export function processorName(processor: Processor): string {
  return typeof processor === 'function' ? processor.name || 'anonymous function' : processor.constructor.name;
}

/** itemloaders' `arg_to_iter`: null/undefined → [], strings, byte buffers and objects → [value], other iterables as they are. */
export function argToIter(value: unknown): Iterable<unknown> {
  if (value === null || value === undefined) return [];
  if (typeof value === 'string' || ArrayBuffer.isView(value)) return [value];
  if (typeof value === 'object' && Symbol.iterator in value) return value as Iterable<unknown>;
  return [value];
}

/** itemloaders' error for a failing processor: where it failed, on what value, and why (also kept as `cause`). */
export function processingError(where: string, value: unknown, error: unknown): Error {
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new Error(`Error ${where} value=${describeValue(value)} error='${reason}'`, { cause: error });
}

function describeValue(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Returns its input unchanged. */
export class Identity implements ProcessorObject {
  process<T>(values: T): T {
    return values;
  }
}

/** The first value that is neither null/undefined nor '' (undefined when there is none). */
export class TakeFirst implements ProcessorObject {
  process(values: unknown): unknown {
    for (const value of values as Iterable<unknown>) {
      if (value !== null && value !== undefined && value !== '') return value;
    }
    return undefined;
  }
}

/** The values joined with `separator`. */
export class Join implements ProcessorObject {
  constructor(readonly separator = ' ') {}

  process(values: unknown): string {
    return Array.from(values as Iterable<unknown>).join(this.separator);
  }
}

/**
 * Applies each function to every value in turn; a function may return a list
 * (flattened into the values) or null/undefined (the value is dropped).
 */
export class MapCompose implements ProcessorObject {
  readonly functions: readonly Processor[];

  constructor(...functions: Processor[]) {
    this.functions = functions;
  }

  process(value: unknown): unknown[] {
    let values = Array.from(argToIter(value));
    for (const fn of this.functions) {
      const next: unknown[] = [];
      for (const item of values) {
        let result: unknown;
        try {
          result = runProcessor(fn, item);
        } catch (error) {
          throw processingError(`in MapCompose with ${processorName(fn)}`, value, error);
        }
        for (const produced of argToIter(result)) next.push(produced);
      }
      values = next;
    }
    return values;
  }
}

export interface ComposeOptions {
  /** Stop at the first function that returns null/undefined (default true). */
  stopOnNone?: boolean;
}

/** Pipes the whole value through the functions; by default stops once a result is null/undefined. */
export class Compose implements ProcessorObject {
  readonly functions: readonly Processor[];
  readonly stopOnNone: boolean;

  constructor(...functions: Processor[]);
  constructor(options: ComposeOptions, ...functions: Processor[]);
  constructor(...args: (Processor | ComposeOptions)[]) {
    const [first] = args;
    const hasOptions = first !== undefined && typeof first === 'object' && !('process' in first);
    this.stopOnNone = hasOptions ? ((first as ComposeOptions).stopOnNone ?? true) : true;
    this.functions = (hasOptions ? args.slice(1) : args) as Processor[];
  }

  process(value: unknown): unknown {
    for (const fn of this.functions) {
      if ((value === null || value === undefined) && this.stopOnNone) break;
      try {
        value = runProcessor(fn, value);
      } catch (error) {
        throw processingError(`in Compose with ${processorName(fn)}`, value, error);
      }
    }
    return value;
  }
}
