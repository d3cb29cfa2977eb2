import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ComponentRegistry } from './registry.js';
import { buildComponent } from './build.js';
import type { ComponentClass, CrawlerContext } from './context.js';
import { mergeComponentMaps } from '../settings/componentMap.js';
import { Settings } from '../settings/settings.js';
import { BUILTIN_COMPONENTS } from '../builtins.js';
import { RetryMiddleware } from '../downloader/middlewares/retry.js';
import { Crawler, type CrawlerOptions } from '../engine/crawler.js';
import { Spider } from '../spiders/spider.js';
import { NotConfigured, SettingsError } from '../errors.js';

class ItemsSpider extends Spider {
  name = 'items';
  override async *start() {
    yield { name: 'a' };
  }
}

function crawlerWith(values: Record<string, unknown> = {}, baseDir?: string, options?: CrawlerOptions): Crawler {
  const settings = new Settings({ LOG_ENABLED: false, STATS_DUMP: false, LOGSTATS_INTERVAL: 0 });
  settings.update(values);
  if (baseDir) settings.baseDir = baseDir;
  return new Crawler(ItemsSpider, settings, options);
}

async function scrapedItems(crawler: Crawler): Promise<unknown[]> {
  const items: unknown[] = [];
  crawler.signals.on('itemScraped', ({ item }) => void items.push(item));
  await crawler.crawl();
  return items;
}

class First {}
class Second {}
class Third {}

describe('mergeComponentMaps', () => {
  const registry = new ComponentRegistry(BUILTIN_COMPONENTS);
  const base = new Settings().get('DOWNLOADER_MIDDLEWARES_BASE');
  const enabled = (custom: Parameters<typeof mergeComponentMaps>[1], from = base) =>
    mergeComponentMaps(from, custom, (ref) => registry.nameOf(ref) ?? ref).filter((entry) => entry.order !== null).map((entry) => entry.ref);

  it('merges the user map over the base map, sorted by order', () => {
    const refs = enabled({ MyMiddleware: 543, UserAgentMiddleware: 10 });
    expect(refs.indexOf('UserAgentMiddleware')).toBe(refs.indexOf('OffsiteMiddleware') - 1);
    expect(refs.indexOf('MyMiddleware')).toBe(refs.indexOf('RetryMiddleware') - 1);
    expect(refs).toHaveLength(Object.keys(base).length + 1);
  });

  it('disables a built-in with null, by name or by class, and keeps the disabled entry last', () => {
    expect(enabled({ RetryMiddleware: null })).not.toContain('RetryMiddleware');
    const byClass = mergeComponentMaps(base, [[RetryMiddleware, null]], (ref) => registry.nameOf(ref) ?? ref);
    expect(byClass.filter((entry) => entry.order !== null).map((entry) => entry.ref)).not.toContain('RetryMiddleware');
    expect(byClass.at(-1)).toEqual({ ref: RetryMiddleware, order: null });
  });

  it('re-orders a built-in given by class instead of adding it twice', () => {
    expect(enabled(new Map([[RetryMiddleware as ComponentClass, 700]]), { RetryMiddleware: 550, RedirectMiddleware: 600 })).toEqual(['RedirectMiddleware', RetryMiddleware]);
  });

  it('keeps declaration order among equal orders', () => {
    expect(enabled({ B: 100, A: 100, C: 50, D: 100 }, {})).toEqual(['C', 'B', 'A', 'D']);
    expect(enabled({ Z: 1 }, { X: 1, Y: 1 })).toEqual(['X', 'Y', 'Z']);
  });

  it('accepts tuple and Map forms with classes and names', () => {
    expect(enabled([[Second, 2], [First, 1], ['Named', 3]], {})).toEqual([First, Second, 'Named']);
    expect(enabled(new Map<string | ComponentClass, number | null>([[Third, 3], [First, 1], [Second, null]]), {})).toEqual([First, Third]);
  });
});

describe('ComponentRegistry', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arachne-components-'));
    fs.writeFileSync(path.join(dir, 'pipelines.mjs'), [
      'export class Upper {',
      '  processItem(item) { return { ...item, name: item.name.toUpperCase() }; }',
      '}',
      'export class Tagged {',
      '  constructor(crawler) { this.crawler = crawler; }',
      '  processItem(item) { return { ...item, bot: this.crawler.settings.get("BOT_NAME") }; }',
      '}',
      'export const notAClass = 1;',
    ].join('\n'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('loads "./file:Export" from settings.baseDir and runs it in a crawl', async () => {
    const items = await scrapedItems(crawlerWith({ ITEM_PIPELINES: { './pipelines.mjs:Upper': 100, './pipelines.mjs:Tagged': 200 }, BOT_NAME: 'robo' }, dir));
    expect(items).toEqual([{ name: 'A', bot: 'robo' }]);
  });

  it("loads modules given by path with the crawler's own loader", async () => {
    const loaded: string[] = [];
    const loadModule = async (file: string) => {
      loaded.push(path.basename(file));
      return { Marked: class { processItem(item: object) { return { ...item, marked: true }; } } };
    };
    const items = await scrapedItems(crawlerWith({ ITEM_PIPELINES: { './virtual.ts:Marked': 1 } }, dir, { loadModule }));
    expect(items).toEqual([{ name: 'a', marked: true }]);
    expect(loaded).toEqual(['virtual.ts']);
  });

  it('resolves an absolute module path, naming the component by its export', async () => {
    const resolved = await new ComponentRegistry(BUILTIN_COMPONENTS).resolve(`${path.join(dir, 'pipelines.mjs')}:Upper`, 'itemPipeline', 'ITEM_PIPELINES', '/elsewhere');
    expect(resolved.name).toBe('Upper');
    expect(resolved.cls.name).toBe('Upper');
  });

  it('names the setting when the module is missing, the export is missing or is not a class', async () => {
    const registry = new ComponentRegistry(BUILTIN_COMPONENTS);
    await expect(crawlerWith({ ITEM_PIPELINES: { './missing.ts:Nope': 100 } }, dir).crawl()).rejects.toThrow(SettingsError);
    await expect(registry.resolve('./missing.ts:Nope', 'itemPipeline', 'ITEM_PIPELINES', dir)).rejects.toThrow(/^ITEM_PIPELINES: cannot load "\.\/missing\.ts"/);
    await expect(registry.resolve('./pipelines.mjs:Lower', 'itemPipeline', 'ITEM_PIPELINES', dir))
      .rejects.toThrow(/^ITEM_PIPELINES: "\.\/pipelines\.mjs" has no exported class "Lower" \(exports: .*Tagged.*\)$/);
    await expect(registry.resolve('./pipelines.mjs:notAClass', 'extension', 'EXTENSIONS', dir)).rejects.toThrow(/^EXTENSIONS: .*no exported class "notAClass"/);
  });

  it('rejects an unknown name, suggesting the closest component of the same kind', async () => {
    const registry = new ComponentRegistry(BUILTIN_COMPONENTS);
    await expect(registry.resolve('RetryMidleware', 'downloaderMiddleware', 'DOWNLOADER_MIDDLEWARES', dir))
      .rejects.toThrow(/^DOWNLOADER_MIDDLEWARES: unknown downloader middleware "RetryMidleware" — did you mean "RetryMiddleware"\?/);
    // A pipeline name close to a middleware's is not taken for it.
    await expect(registry.resolve('RetryMiddlewar', 'itemPipeline', 'ITEM_PIPELINES', dir)).rejects.toThrow(/unknown item pipeline "RetryMiddlewar" — the item pipelines known by name are ItemValidationPipeline, FilesPipeline, ImagesPipeline\./);
    await expect(registry.resolve('FilePipeline', 'itemPipeline', 'ITEM_PIPELINES', dir)).rejects.toThrow(/unknown item pipeline "FilePipeline" — did you mean "FilesPipeline"\?/);
  });

  it('rejects a disabling entry that names no component, with a suggestion', async () => {
    await expect(crawlerWith({ DOWNLOADER_MIDDLEWARES: { RobotTxtMiddleware: null } }).crawl())
      .rejects.toThrow(/DOWNLOADER_MIDDLEWARES: unknown downloader middleware "RobotTxtMiddleware" — did you mean "RobotsTxtMiddleware"\?/);
    await expect(crawlerWith({ EXTENSIONS: { LogStat: null } }).crawl()).rejects.toThrow(/did you mean "LogStats"\?/);
  });

  it('takes named components from CrawlerOptions, and keeps each crawler\'s registrations its own', async () => {
    class Stamp {
      processItem(item: object) {
        return { ...item, stamped: true };
      }
    }
    const withStamp = crawlerWith({ ITEM_PIPELINES: { Stamp: 100 } }, dir, { components: { Stamp } });
    expect(await scrapedItems(withStamp)).toEqual([{ name: 'a', stamped: true }]);
    await expect(crawlerWith({ ITEM_PIPELINES: { Stamp: 100 } }).crawl()).rejects.toThrow(/unknown item pipeline "Stamp"/);
  });

  it('skips a component that raises NotConfigured and builds the others', async () => {
    const built: string[] = [];
    class Optional {
      constructor() {
        throw new NotConfigured('OPTIONAL_ENABLED is off');
      }
    }
    class Always {
      constructor() {
        built.push('always');
      }
      processItem(item: object) {
        return { ...item, always: true };
      }
    }
    expect(await scrapedItems(crawlerWith({ ITEM_PIPELINES: [[Optional, 1], [Always, 2]] }))).toEqual([{ name: 'a', always: true }]);
    expect(built).toEqual(['always']);
  });

  it('lets other errors from a constructor through', () => {
    class Broken {
      constructor() {
        throw new RangeError('bad config');
      }
    }
    expect(() => buildComponent(Broken, 'Broken', crawlerWith())).toThrow(RangeError);
  });

  it('prefers fromCrawler over the constructor, called on the class with the crawler', () => {
    const calls: string[] = [];
    class Factory {
      constructor(readonly via: string) {
        calls.push(`new ${via}`);
      }
      static fromCrawler(this: typeof Factory, crawler: CrawlerContext) {
        calls.push(`fromCrawler ${crawler.settings.get('BOT_NAME')}`);
        return new this('factory');
      }
    }
    const built = buildComponent(Factory as unknown as ComponentClass<Factory>, 'Factory', crawlerWith({ BOT_NAME: 'bot' }));
    expect(built?.instance.via).toBe('factory');
    expect(built?.name).toBe('Factory');
    expect(calls).toEqual(['fromCrawler bot', 'new factory']);
  });

  it('skips a component whose fromCrawler raises NotConfigured', () => {
    class Declines {
      static fromCrawler(): Declines {
        throw new NotConfigured();
      }
    }
    expect(buildComponent(Declines, 'Declines', crawlerWith())).toBeUndefined();
  });
});
