/** Runs each scraped item through the item pipelines in order; `DropItem` stops an item. */
import type { Spider } from '../spiders/spider.js';
import type { MaybePromise } from '../scheduler/queue.js';
import { isThenable } from '../engine/signals.js';

export interface ItemPipeline<Item = any> {
  /** Return the item (possibly changed) to pass it on; throw `DropItem` to discard it. */
  processItem(item: Item, spider: Spider): MaybePromise<Item>;
  openSpider?(spider: Spider): MaybePromise<void>;
  closeSpider?(spider: Spider): MaybePromise<void>;
}

export class ItemPipelineManager {
  constructor(readonly pipelines: ItemPipeline[]) {}

  /** Sync pipelines run without a microtask per step; the first async one switches to awaiting. */
  processItem(item: unknown, spider: Spider): MaybePromise<unknown> {
    let current = item;
    for (let i = 0; i < this.pipelines.length; i++) {
      const result = this.pipelines[i]!.processItem(current, spider);
      if (isThenable(result)) return this.#continueAsync(result as Promise<unknown>, i + 1, spider);
      current = result;
    }
    return current;
  }

  async #continueAsync(pending: Promise<unknown>, next: number, spider: Spider): Promise<unknown> {
    let current = await pending;
    for (let i = next; i < this.pipelines.length; i++) current = await this.pipelines[i]!.processItem(current, spider);
    return current;
  }
}
