import v8 from 'node:v8';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Crawler } from './crawler.js';
import { CrawlerProcess } from './crawlerProcess.js';
import { Spider } from '../spiders/spider.js';

class NothingSpider extends Spider {
  name = 'nothing';
}

const quiet = { LOG_ENABLED: false, LOGSTATS_INTERVAL: 0, MEMUSAGE_ENABLED: false };

describe('HEAP_GROWTH_PERCENT', () => {
  afterEach(() => vi.restoreAllMocks());

  it('is never applied by a Crawler: the library leaves V8 alone', async () => {
    const setFlags = vi.spyOn(v8, 'setFlagsFromString');
    await new Crawler(NothingSpider, { ...quiet, HEAP_GROWTH_PERCENT: 30 }).crawl();
    expect(setFlags).not.toHaveBeenCalled();
  });

  it('is applied by a CrawlerProcess, which owns its process, and 0 leaves V8 alone', async () => {
    const setFlags = vi.spyOn(v8, 'setFlagsFromString').mockImplementation(() => undefined);
    const process = new CrawlerProcess({ ...quiet, HEAP_GROWTH_PERCENT: 40 }, { installSignalHandlers: false });
    process.crawl(NothingSpider);
    await process.start();
    expect(setFlags).toHaveBeenCalledWith('--heap-growing-percent=40');

    setFlags.mockClear();
    const untouched = new CrawlerProcess({ ...quiet }, { installSignalHandlers: false });
    untouched.crawl(NothingSpider);
    await untouched.start();
    expect(setFlags).not.toHaveBeenCalled();
  });

  it('accepts a whole percent from 0 to 1000 only', () => {
    for (const bad of [-1, 2.5, 1001]) {
      expect(() => new Crawler(NothingSpider, { HEAP_GROWTH_PERCENT: bad })).toThrow(/HEAP_GROWTH_PERCENT must be/);
    }
  });
});
