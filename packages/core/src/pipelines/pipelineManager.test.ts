import { describe, expect, it } from 'vitest';
import { ItemPipelineManager, type ItemPipeline } from './pipelineManager.js';
import { Spider } from '../spiders/spider.js';
import { DropItem } from '../errors.js';
import { Crawler } from '../engine/crawler.js';
import { crawl } from '../../test/support/testServer.js';

class NullSpider extends Spider {
  name = 'null';
}
const spider = new NullSpider();
type Item = { steps: string[]; n?: number };

const step = (name: string): ItemPipeline<Item> => ({ processItem: (item) => ({ ...item, steps: [...item.steps, name] }) });

describe('ItemPipelineManager', () => {
  it('runs pipelines in order, passing each one the previous result', () => {
    const manager = new ItemPipelineManager([step('a'), step('b'), step('c')]);
    expect(manager.processItem({ steps: [] }, spider)).toEqual({ steps: ['a', 'b', 'c'] });
  });

  it('stays synchronous while every pipeline is', () => {
    const manager = new ItemPipelineManager([step('a')]);
    expect(manager.processItem({ steps: [] }, spider)).not.toBeInstanceOf(Promise);
  });

  it('awaits async pipelines and keeps the order after them', async () => {
    const asyncStep: ItemPipeline<Item> = {
      async processItem(item) {
        await new Promise(setImmediate);
        return { ...item, steps: [...item.steps, 'async'] };
      },
    };
    const manager = new ItemPipelineManager([step('a'), asyncStep, step('b'), asyncStep]);
    const result = manager.processItem({ steps: [] }, spider);
    expect(result).toBeInstanceOf(Promise);
    expect(await result).toEqual({ steps: ['a', 'async', 'b', 'async'] });
  });

  it('stops at DropItem, sync or async', async () => {
    const seen: string[] = [];
    const after: ItemPipeline<Item> = { processItem: (item) => (seen.push('after'), item) };
    const syncDrop = new ItemPipelineManager([{ processItem: () => { throw new DropItem('no price'); } }, after]);
    expect(() => syncDrop.processItem({ steps: [] }, spider)).toThrow(DropItem);
    const asyncDrop = new ItemPipelineManager([{ processItem: async () => { throw new DropItem('late'); } }, after]);
    await expect(asyncDrop.processItem({ steps: [] }, spider)).rejects.toThrow('late');
    expect(seen).toEqual([]);
  });
});

describe('item pipelines in a crawl', () => {
  it('drops, fails and passes items: signals, stats and one log line each, and the crawl goes on', async () => {
    class Validate {
      processItem(item: Item) {
        if (item.n === 1) throw new DropItem('odd item 1');
        if (item.n === 2) throw new RangeError('pipeline bug');
        return item;
      }
    }
    class SlowStamp {
      async processItem(item: Item) {
        await new Promise(setImmediate);
        return { ...item, steps: ['stamped'] };
      }
    }
    class S extends Spider {
      name = 'pipelines';
      override async *start() {
        for (let n = 0; n < 5; n++) yield { n, steps: [] };
      }
    }
    const { items, crawler, log } = await crawl(S, { ITEM_PIPELINES: [[SlowStamp, 200], [Validate, 100]] });
    expect(items.map((item) => item.n).sort()).toEqual([0, 3, 4]);
    expect(items.every((item) => item.steps[0] === 'stamped')).toBe(true);
    expect(crawler.stats.getValue('item_scraped_count')).toBe(3);
    expect(crawler.stats.getValue('item_dropped_count')).toBe(1);
    expect(crawler.stats.getValue('item_dropped_reasons_count/DropItem')).toBe(1);
    expect(crawler.stats.getValue('finish_reason')).toBe('finished');
    // Scrapy's LogFormatter lines: a dropped item at WARNING with the item, a failing pipeline at ERROR.
    expect(log.match(/WARNING: Dropped: odd item 1\n\{"n":1,"steps":\[\]\}\n/g)).toHaveLength(1);
    expect(log.match(/ERROR: Error processing \{"n":2,"steps":\[\]\} from start: RangeError: pipeline bug/g)).toHaveLength(1);
    expect(log.match(/pipeline bug/g)).toHaveLength(1);
  });

  it('sends itemDropped and itemError with the item and the error', async () => {
    class Validate {
      processItem(item: Item) {
        if (item.n === 1) throw new DropItem('bad');
        if (item.n === 2) throw new TypeError('broken');
        return item;
      }
    }
    class S extends Spider {
      name = 'pipeline-signals';
      override async *start() {
        for (let n = 0; n < 3; n++) yield { n, steps: [] };
      }
    }
    const crawler = new Crawler(S, { LOG_ENABLED: false, STATS_DUMP: false, LOGSTATS_INTERVAL: 0, ITEM_PIPELINES: [[Validate, 1]] });
    const dropped: Array<{ item: unknown; exception: Error }> = [];
    const failed: Array<{ item: unknown; failure: unknown }> = [];
    crawler.signals.on('itemDropped', ({ item, exception }) => void dropped.push({ item, exception }));
    crawler.signals.on('itemError', ({ item, failure }) => void failed.push({ item, failure }));
    await crawler.crawl();
    expect(dropped).toHaveLength(1);
    expect(dropped[0]!.item).toEqual({ n: 1, steps: [] });
    expect(dropped[0]!.exception).toBeInstanceOf(DropItem);
    expect(failed).toHaveLength(1);
    expect(failed[0]!.item).toEqual({ n: 2, steps: [] });
    expect(failed[0]!.failure).toBeInstanceOf(TypeError);
  });
});
