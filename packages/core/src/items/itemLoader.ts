/**
 * Scrapy's ItemLoader (itemloaders 1.x): values are collected per field as
 * lists, passed through the field's input processor as they are added, and
 * through its output processor when the item is loaded.
 */
import type { TextResponse } from '../http/response.js';
import { regexExtract, type Selector, type SelectorList, type XPathVariables } from '../selector/index.js';
import { argToIter, Identity, processingError, processorName, runProcessor, type LoaderContext, type Processor } from './processors.js';

export interface FieldProcessors {
  input?: Processor;
  output?: Processor;
}

export type FieldProcessorMap<Item> = { [K in keyof Item]?: FieldProcessors };

export interface ItemLoaderOptions<Item extends object = Record<string, unknown>> {
  /** Its `selector` is used for `addCss()`/`getCss()` when no `selector` is given. */
  response?: TextResponse;
  selector?: Selector | SelectorList;
  /** The item to populate (mutated by `loadItem()`); its values seed the collected values. */
  item?: Partial<Item>;
  defaultInputProcessor?: Processor;
  defaultOutputProcessor?: Processor;
  /** Per-field processors; they take precedence over the class's `fieldProcessors`. */
  fieldProcessors?: NoInfer<FieldProcessorMap<Item>>;
  /** The loader context (itemloaders' `**context`): handed to processors that take a second parameter. */
  context?: Record<string, unknown>;
}

/**
 * Options a value-adding call may end with, after its processors:
 * `re` (itemloaders' `re=`) extracts from each value with a regex first, as
 * `Selector.re()` does; `variables` binds `$name` in an XPath query.
 */
export interface LoaderCallOptions {
  re?: RegExp | string;
  variables?: XPathVariables;
}

/** Processors, optionally followed by the call's options. */
export type ProcessorsAndOptions = Processor[] | [...Processor[], LoaderCallOptions];

type LoaderClass<Item extends object> = new (options: ItemLoaderOptions<Item>) => ItemLoader<Item>;

const CALL_OPTIONS = new Set(['re', 'variables']);

export class ItemLoader<Item extends object = Record<string, unknown>> {
  /** Overridable in subclasses, as Scrapy's `default_input_processor`. */
  defaultInputProcessor: Processor = new Identity();
  defaultOutputProcessor: Processor = new Identity();
  /** Overridable in subclasses, as Scrapy's `<field>_in` / `<field>_out` attributes. */
  fieldProcessors: FieldProcessorMap<Item> = {};

  readonly selector: Selector | SelectorList | undefined;
  readonly #options: ItemLoaderOptions<Item>;
  #item: Partial<Item>;
  #values = new Map<keyof Item, unknown[]>();
  #context: LoaderContext;

  constructor(options: ItemLoaderOptions<Item> = {}) {
    checkContext(options.context);
    this.#options = options;
    this.selector = options.selector ?? options.response?.selector;
    this.#item = options.item ?? {};
    this.#context = this.#makeContext(options.context ?? {});
    for (const [field, value] of Object.entries(this.#item)) {
      this.#collected(field as keyof Item).push(...argToIter(value));
    }
  }

  /** The item being populated; nested loaders share their parent's. */
  get item(): Partial<Item> {
    return this.#item;
  }

  /** The loader context: the `context` option with the loader's `item`, `selector` and `response`. */
  get context(): LoaderContext {
    return this.#context;
  }

  /** Adds `value` (after `processors`, then the field's input processor) to the field's values. */
  addValue(field: keyof Item, value: unknown, ...processors: ProcessorsAndOptions): void {
    const processed = this.getValue(value, ...processors);
    if (processed !== null && processed !== undefined) this.#addProcessed(field, processed);
  }

  /** As `addValue()`, but replaces the values collected so far (unless the processed value is null/undefined). */
  replaceValue(field: keyof Item, value: unknown, ...processors: ProcessorsAndOptions): void {
    const processed = this.getValue(value, ...processors);
    if (processed === null || processed === undefined) return;
    this.#values.delete(field);
    this.#addProcessed(field, processed);
  }

  /** Runs `value` through `re` (if given) and `processors`, stopping when a result is null/undefined. */
  getValue(value: unknown, ...processors: ProcessorsAndOptions): unknown {
    const [list, options] = splitCallOptions(processors);
    if (options.re !== undefined) {
      const regex = options.re;
      value = Array.from(argToIter(value), (text) => regexExtract(regex, String(text))).flat();
    }
    for (const processor of list) {
      if (value === null || value === undefined) break;
      value = this.#run(processor, value, () => `processor ${processorName(processor)}`);
    }
    return value;
  }

  /** Adds the strings `query` selects (several queries: their results in turn). */
  addCss(field: keyof Item, query: string | readonly string[], ...processors: ProcessorsAndOptions): void {
    this.addValue(field, this.#selected('css', query, processors), ...processors);
  }

  replaceCss(field: keyof Item, query: string | readonly string[], ...processors: ProcessorsAndOptions): void {
    this.replaceValue(field, this.#selected('css', query, processors), ...processors);
  }

  /** The strings `query` selects, through `processors`; nothing is collected. */
  getCss(query: string | readonly string[], ...processors: ProcessorsAndOptions): unknown {
    return this.getValue(this.#selected('css', query, processors), ...processors);
  }

  /** Adds the strings an XPath query selects (attribute values, text, markup); `{ variables }` binds `$name`. */
  addXpath(field: keyof Item, query: string | readonly string[], ...processors: ProcessorsAndOptions): void {
    this.addValue(field, this.#selected('xpath', query, processors), ...processors);
  }

  replaceXpath(field: keyof Item, query: string | readonly string[], ...processors: ProcessorsAndOptions): void {
    this.replaceValue(field, this.#selected('xpath', query, processors), ...processors);
  }

  getXpath(query: string | readonly string[], ...processors: ProcessorsAndOptions): unknown {
    return this.getValue(this.#selected('xpath', query, processors), ...processors);
  }

  /**
   * A loader of the same class over `this.selector.css(query)` that adds to
   * this loader's item and values; `context` adds to this loader's context.
   */
  nestedCss(query: string, context?: Record<string, unknown>): ItemLoader<Item> {
    return this.#nested(this.#requireSelector('CSS').css(query), context);
  }

  /** As `nestedCss()`, with an XPath query relative to this loader's selector (`./div`, `.//p`). */
  nestedXpath(query: string, context?: Record<string, unknown>): ItemLoader<Item> {
    return this.#nested(this.#requireSelector('XPath').xpath(query), context);
  }

  #nested(selector: SelectorList, context: Record<string, unknown> | undefined): ItemLoader<Item> {
    checkContext(context);
    const Loader = this.constructor as LoaderClass<Item>;
    const { item: _item, response, ...processorOptions } = this.#options;
    const nested = new Loader({ ...processorOptions, selector });
    nested.#item = this.#item;
    nested.#values = this.#values;
    const { item: _contextItem, selector: _selector, response: _contextResponse, ...inherited } = this.#context;
    nested.#context = nested.#makeContext({ ...inherited, ...context }, response);
    return nested;
  }

  #makeContext(context: Record<string, unknown>, response = this.#options.response): LoaderContext {
    return { ...context, item: this.#item, selector: this.selector, response };
  }

  /** The field's collected values through its output processor; the item is not touched. */
  getOutputValue(field: keyof Item): unknown {
    const processor = this.getOutputProcessor(field);
    const values = this.getCollectedValues(field);
    return this.#run(processor, values, () => `output processor: field=${String(field)}`);
  }

  getCollectedValues(field: keyof Item): unknown[] {
    return this.#values.get(field) ?? [];
  }

  getInputProcessor(field: keyof Item): Processor {
    return (
      this.#options.fieldProcessors?.[field]?.input ??
      this.fieldProcessors[field]?.input ??
      this.#options.defaultInputProcessor ??
      this.defaultInputProcessor
    );
  }

  getOutputProcessor(field: keyof Item): Processor {
    return (
      this.#options.fieldProcessors?.[field]?.output ??
      this.fieldProcessors[field]?.output ??
      this.#options.defaultOutputProcessor ??
      this.defaultOutputProcessor
    );
  }

  /**
   * Sets every field with collected values to its output value (fields whose
   * output is null/undefined are left as they are) and returns the item.
   * The item is typed as complete; fields nothing was collected for are absent.
   */
  loadItem(): Item {
    const item = this.#item as Record<keyof Item, unknown>;
    for (const field of this.#values.keys()) {
      const value = this.getOutputValue(field);
      if (value !== null && value !== undefined) item[field] = value;
    }
    return item as Item;
  }

  #collected(field: keyof Item): unknown[] {
    let values = this.#values.get(field);
    if (!values) {
      values = [];
      this.#values.set(field, values);
    }
    return values;
  }

  #addProcessed(field: keyof Item, value: unknown): void {
    const processor = this.getInputProcessor(field);
    const values = Array.from(argToIter(value));
    const processed = this.#run(processor, values, () => `input processor ${processorName(processor)}: field=${String(field)}`);
    if (isTruthy(processed)) this.#collected(field).push(...argToIter(processed));
  }

  #run(processor: Processor, value: unknown, where: () => string): unknown {
    try {
      return runProcessor(processor, value, this.#context);
    } catch (error) {
      throw processingError(`with ${where()}`, value, error);
    }
  }

  #selected(kind: 'css' | 'xpath', queries: string | readonly string[], processors: ProcessorsAndOptions): string[] {
    const selector = this.#requireSelector(kind === 'css' ? 'CSS' : 'XPath');
    const { variables } = splitCallOptions(processors)[1];
    const values: string[] = [];
    for (const query of typeof queries === 'string' ? [queries] : queries) {
      const found = kind === 'css' ? selector.css(query) : selector.xpath(query, variables);
      values.push(...found.getAll());
    }
    return values;
  }

  #requireSelector(kind: 'CSS' | 'XPath'): Selector | SelectorList {
    if (!this.selector) {
      throw new Error(`To use ${kind} selectors, ${this.constructor.name} must be created with a response or a selector`);
    }
    return this.selector;
  }
}

/** The processors of a call, and the options object it may end with. */
function splitCallOptions(args: ProcessorsAndOptions): [Processor[], LoaderCallOptions] {
  const last = args[args.length - 1];
  if (last === undefined || typeof last === 'function' || typeof (last as { process?: unknown }).process === 'function') return [args as Processor[], {}];
  if (typeof last !== 'object' || last === null || Object.keys(last).some((key) => !CALL_OPTIONS.has(key))) {
    throw new TypeError(`A loader call takes processors (functions or objects with process()), then optionally { re, variables }; got ${describe(last)}`);
  }
  return [args.slice(0, -1) as Processor[], last as LoaderCallOptions];
}

function checkContext(context: unknown): void {
  if (context !== undefined && (typeof context !== 'object' || context === null || Array.isArray(context))) {
    throw new TypeError(`The loader context must be an object of named values, such as { unit: 'cm' }; got ${describe(context)}`);
  }
}

function describe(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Python's truth test, which itemloaders applies to an input processor's result. */
function isTruthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === 0n || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (value instanceof Map || value instanceof Set) return value.size > 0;
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) return Object.keys(value).length > 0;
  return true;
}
