/**
 * itemloaders' processors. A processor is a plain function or an object with
 * `process(value, loaderContext?)`; the classes below are the latter.
 *
 * The loader context: as itemloaders hands `loader_context` to the functions
 * that declare that parameter, a function declared with two parameters
 * (`(value, loaderContext) => ...`) is called with the context as its second
 * argument; a one-parameter function gets the value alone.
 */

/** The loader's context: what it was given as `context`, plus its `item`, `selector` and `response`. */
export type LoaderContext = Readonly<Record<string, unknown>>;

export interface ProcessorObject {
  process(value: unknown, loaderContext?: LoaderContext): unknown;
}

/** `(s: string) => s.trim()`, or `(s: string, loaderContext: LoaderContext) => ...` to receive the context. */
export type ProcessorFunction = ((value: never) => unknown) | ((value: never, loaderContext: LoaderContext) => unknown);

export type Processor = ProcessorObject | ProcessorFunction;

export function runProcessor(processor: Processor, value: unknown, loaderContext?: LoaderContext): unknown {
  if (typeof processor !== 'function') return processor.process(value, loaderContext);
  const fn = processor as (value: unknown, loaderContext?: LoaderContext) => unknown;
  return fn.length >= 2 && loaderContext !== undefined ? fn(value, loaderContext) : fn(value);
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

export interface ComposeOptions {
  /** Compose only: stop at the first function that returns null/undefined (default true). */
  stopOnNone?: boolean;
  /** Default loader context for the functions; the loader's own context overrides it (itemloaders' `**default_loader_context`). */
  context?: LoaderContext;
}

/** The options object that may lead the functions, and the functions. */
function splitOptions(args: (Processor | ComposeOptions)[]): [ComposeOptions, Processor[]] {
  const [first] = args;
  const hasOptions = first !== undefined && typeof first === 'object' && !('process' in first);
  return hasOptions ? [first as ComposeOptions, args.slice(1) as Processor[]] : [{}, args as Processor[]];
}

/**
 * Applies each function to every value in turn; a function may return a list
 * (flattened into the values) or null/undefined (the value is dropped).
 */
export class MapCompose implements ProcessorObject {
  readonly functions: readonly Processor[];
  readonly defaultLoaderContext: LoaderContext;

  constructor(...functions: Processor[]);
  constructor(options: ComposeOptions, ...functions: Processor[]);
  constructor(...args: (Processor | ComposeOptions)[]) {
    const [options, functions] = splitOptions(args);
    this.functions = functions;
    this.defaultLoaderContext = options.context ?? {};
  }

  process(value: unknown, loaderContext?: LoaderContext): unknown[] {
    const context = loaderContext ? { ...this.defaultLoaderContext, ...loaderContext } : this.defaultLoaderContext;
    let values = Array.from(argToIter(value));
    for (const fn of this.functions) {
      const next: unknown[] = [];
      for (const item of values) {
        let result: unknown;
        try {
          result = runProcessor(fn, item, context);
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

/** Pipes the whole value through the functions; by default stops once a result is null/undefined. */
export class Compose implements ProcessorObject {
  readonly functions: readonly Processor[];
  readonly stopOnNone: boolean;
  readonly defaultLoaderContext: LoaderContext;

  constructor(...functions: Processor[]);
  constructor(options: ComposeOptions, ...functions: Processor[]);
  constructor(...args: (Processor | ComposeOptions)[]) {
    const [options, functions] = splitOptions(args);
    this.stopOnNone = options.stopOnNone ?? true;
    this.defaultLoaderContext = options.context ?? {};
    this.functions = functions;
  }

  process(value: unknown, loaderContext?: LoaderContext): unknown {
    const context = loaderContext ? { ...this.defaultLoaderContext, ...loaderContext } : this.defaultLoaderContext;
    for (const fn of this.functions) {
      if ((value === null || value === undefined) && this.stopOnNone) break;
      try {
        value = runProcessor(fn, value, context);
      } catch (error) {
        throw processingError(`in Compose with ${processorName(fn)}`, value, error);
      }
    }
    return value;
  }
}
