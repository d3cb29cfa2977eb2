/**
 * Checks every item against the spider's `itemSchema` (a Standard Schema
 * validator: zod, valibot, ArkType...), so `Spider<Item>` holds at run time as
 * well as for the compiler. An item that fails is dropped with the
 * validator's messages (logged at WARNING by the LogFormatter, counted as
 * `item_dropped_reasons_count/validation` and, per field,
 * `item_validation/issues/<field>`); the crawl's close logs what failed most.
 * An item that passes goes on as the validator outputs it (with its
 * defaults, coercions and transforms applied).
 *
 * Enabled by default (ITEM_PIPELINES_BASE, first of all pipelines) and
 * inactive for a spider without a schema.
 */
import type { CrawlerContext } from '../component/context.js';
import type { Logger } from '../engine/logger.js';
import type { StatsCollector } from '../engine/stats.js';
import { isThenable } from '../engine/signals.js';
import { ItemValidationError, NotConfigured } from '../errors.js';
import { describeIssues, isStandardSchema, issuePath, type StandardSchemaV1 } from '../items/itemSchema.js';
import type { ItemPipeline } from './pipelineManager.js';

/** How many kinds of failure the closing summary names. */
const SUMMARY_LENGTH = 5;

export class ItemValidationPipeline implements ItemPipeline {
  readonly #schema: StandardSchemaV1;
  readonly #stats: StatsCollector;
  readonly #logger: Logger;
  /** `field: message` → items it failed. */
  readonly #failures = new Map<string, number>();
  #dropped = 0;

  constructor(crawler: CrawlerContext) {
    const { spider } = crawler;
    const schema: unknown = spider.itemSchema;
    if (schema === undefined || schema === null) throw new NotConfigured(`${spider.name} has no itemSchema`);
    if (!isStandardSchema(schema)) {
      throw new TypeError(`${spider.name}: itemSchema must be a Standard Schema validator (a zod, valibot or ArkType schema, say), got ${describe(schema)}`);
    }
    this.#schema = schema;
    this.#stats = crawler.stats;
    this.#logger = crawler.logger.child('itemvalidation');
  }

  processItem(item: unknown): unknown {
    const result = this.#schema['~standard'].validate(item);
    return isThenable(result) ? (result as Promise<StandardSchemaV1.Result<unknown>>).then((settled) => this.#outcome(settled)) : this.#outcome(result);
  }

  closeSpider(): void {
    if (this.#dropped === 0) return;
    const common = [...this.#failures].sort((a, b) => b[1] - a[1]).slice(0, SUMMARY_LENGTH);
    const more = this.#failures.size - common.length;
    this.#logger.warning(
      `${this.#dropped} item${this.#dropped === 1 ? '' : 's'} failed validation and ${this.#dropped === 1 ? 'was' : 'were'} dropped; most common: ` +
        common.map(([failure, count]) => `${failure} (${count})`).join('; ') +
        (more > 0 ? `; and ${more} other kind${more === 1 ? '' : 's'}` : ''),
    );
  }

  #outcome(result: StandardSchemaV1.Result<unknown>): unknown {
    if (!result.issues) return result.value;
    this.#dropped++;
    const fields = new Set<string>();
    for (const issue of result.issues) {
      const field = issuePath(issue, true);
      fields.add(field);
      const failure = `${field}: ${issue.message}`;
      this.#failures.set(failure, (this.#failures.get(failure) ?? 0) + 1);
    }
    for (const field of fields) this.#stats.incValue(`item_validation/issues/${field}`);
    throw new ItemValidationError(`Item failed validation: ${describeIssues(result.issues)}`, result.issues);
  }
}

function describe(value: unknown): string {
  if (typeof value !== 'object' || value === null) return String(value);
  return `a ${value.constructor?.name ?? 'object'} without a "~standard" property`;
}
