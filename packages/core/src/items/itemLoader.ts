/**
 * Scrapy's ItemLoader (itemloaders 1.x): values are collected per field as
 * lists, passed through the field's input processor as they are added, and
 * through its output processor when the item is loaded.
 */
import type { TextResponse } from '../http/response.js';
import type { Selector, SelectorList } from '../selector/index.js';
import { argToIter, Identity, processingError, processorName, runProcessor, type Processor } from './processors.js';

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
}

type LoaderClass<Item extends object> = new (options: ItemLoaderOptions<Item>) => ItemLoader<Item>;

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

  constructor(options: ItemLoaderOptions<Item> = {}) {
    this.#options = options;
    this.selector = options.selector ?? options.response?.selector;
    this.#item = options.item ?? {};
    for (const [field, value] of Object.entries(this.#item)) {
      this.#collected(field as keyof Item).push(...argToIter(value));
    }
  }

  /** The item being populated; nested loaders share their parent's. */
  get item(): Partial<Item> {
    return this.#item;
  }

  /** Adds `value` (after `processors`, then the field's input processor) to the field's values. */
  addValue(field: keyof Item, value: unknown, ...processors: Processor[]): void {
    const processed = this.getValue(value, ...processors);
    if (processed !== null && processed !== undefined) this.#addProcessed(field, processed);
  }

  /** As `addValue()`, but replaces the values collected so far (unless the processed value is null/undefined). */
  replaceValue(field: keyof Item, value: unknown, ...processors: Processor[]): void {
    const processed = this.getValue(value, ...processors);
    if (processed === null || processed === undefined) return;
    this.#values.delete(field);
    this.#addProcessed(field, processed);
  }

  /** Runs `value` through `processors`, stopping when a result is null/undefined. */
  getValue(value: unknown, ...processors: Processor[]): unknown {
    for (const processor of processors) {
      if (value === null || value === undefined) break;
      value = this.#run(processor, value, () => `processor ${processorName(processor)}`);
    }
    return value;
  }

  addCss(field: keyof Item, query: string, ...processors: Processor[]): void {
    this.addValue(field, this.#cssValues(query), ...processors);
  }

  replaceCss(field: keyof Item, query: string, ...processors: Processor[]): void {
    this.replaceValue(field, this.#cssValues(query), ...processors);
  }

  /** The strings `query` selects, through `processors`; nothing is collected. */
  getCss(query: string, ...processors: Processor[]): unknown {
    return this.getValue(this.#cssValues(query), ...processors);
  }

  /**
   * A loader of the same class over `this.selector.css(query)` that adds to
   * this loader's item and values.
   */
  nestedCss(query: string): ItemLoader<Item> {
    const Loader = this.constructor as LoaderClass<Item>;
    const { item: _item, response: _response, ...processorOptions } = this.#options;
    const nested = new Loader({ ...processorOptions, selector: this.#requireSelector().css(query) });
    nested.#item = this.#item;
    nested.#values = this.#values;
    return nested;
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
      return runProcessor(processor, value);
    } catch (error) {
      throw processingError(`with ${where()}`, value, error);
    }
  }

  #cssValues(query: string): string[] {
    return this.#requireSelector().css(query).getAll();
  }

  #requireSelector(): Selector | SelectorList {
    if (!this.selector) {
      throw new Error(`To use CSS selectors, ${this.constructor.name} must be created with a response or a selector`);
    }
    return this.selector;
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
