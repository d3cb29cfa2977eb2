/** Two crawls in one process share nothing but the process: not settings, declarations, components or loaders. */
import { describe, expect, it } from 'vitest';
import { CrawlerProcess } from '../src/engine/crawlerProcess.js';
import { Crawler } from '../src/engine/crawler.js';
import type { CrawlerContext } from '../src/component/context.js';
import { defineSettings } from '../src/settings/declaration.js';
import { Spider } from '../src/spiders/spider.js';
import type { SettingsInput } from '../src/settings/settings.js';

const quiet = { LOG_ENABLED: false, LOGSTATS_INTERVAL: 0, MEMUSAGE_ENABLED: false, STATS_DUMP: false };

/** Records the MYEXT_LIMIT it was built with. */
class LimitExtension {
  static readonly settings = defineSettings({ MYEXT_LIMIT: { default: 10, type: 'integer', doc: 'A limit.' } });
  static seen: number[] = [];
  constructor(crawler: CrawlerContext) {
    LimitExtension.seen.push(crawler.settings.getRaw('MYEXT_LIMIT') as number);
  }
}

function spiderWith(name: string, customSettings: Record<string, unknown>) {
  return class extends Spider {
    name = name;
    override customSettings = customSettings as SettingsInput;
  };
}

describe('two crawls in one process', () => {
  it('keep their own declared settings and customSettings, running at once', async () => {
    LimitExtension.seen = [];
    const process = new CrawlerProcess(quiet, { installSignalHandlers: false });
    const withExtension = process.crawl(spiderWith('with', { EXTENSIONS: [[LimitExtension, 0]], MYEXT_LIMIT: 3, DOWNLOAD_DELAY: 2 }));
    const without = process.crawl(spiderWith('without', { MYEXT_LIMIT: 3 }));
    await expect(process.start()).rejects.toThrow('unknown setting "MYEXT_LIMIT"');
    expect(LimitExtension.seen).toEqual([3]);
    expect(withExtension.settings.get('DOWNLOAD_DELAY')).toBe(2);
    expect(without.settings.get('DOWNLOAD_DELAY')).toBe(0);
    expect(process.settings.isDeclared('MYEXT_LIMIT')).toBe(false);
  });

  it("do not see each other's named components, one after the other", async () => {
    class Stamp {
      processItem(item: object) {
        return { ...item, stamped: true };
      }
    }
    class ItemSpider extends Spider {
      name = 'items';
      override customSettings: SettingsInput = { ITEM_PIPELINES: { Stamp: 100 } };
      override async *start() {
        yield { n: 1 };
      }
    }
    const first = new Crawler(ItemSpider, quiet, { components: { Stamp } });
    const items: unknown[] = [];
    first.signals.on('itemScraped', ({ item }) => void items.push(item));
    await first.crawl();
    expect(items).toEqual([{ n: 1, stamped: true }]);
    await expect(new Crawler(ItemSpider, quiet).crawl()).rejects.toThrow('ITEM_PIPELINES: unknown item pipeline "Stamp"');
  });
});
