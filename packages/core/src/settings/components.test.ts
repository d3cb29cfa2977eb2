import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseMap, buildComponent, loadComponents, orderedComponents, resolveComponent, type ComponentClass } from './components.js';
import { Settings } from './settings.js';
import { registerBuiltins } from '../builtins.js';
import { BUILTIN_DOWNLOADER_MIDDLEWARES } from '../downloader/middlewares/index.js';
import { RetryMiddleware } from '../downloader/middlewares/retry.js';
import { Crawler } from '../engine/crawler.js';
import { Spider } from '../spiders/spider.js';
import { NotConfigured, SettingsError } from '../errors.js';

class ItemsSpider extends Spider {
  name = 'items';
  override async *start() {
    yield { name: 'a' };
  }
}

function crawlerWith(values: Record<string, unknown> = {}, baseDir?: string): Crawler {
  const settings = new Settings({ LOG_ENABLED: false, STATS_DUMP: false, LOGSTATS_INTERVAL: 0 });
  settings.update(values);
  if (baseDir) settings.baseDir = baseDir;
  return new Crawler(ItemsSpider, settings);
}

class First {}
class Second {}
class Third {}

describe('orderedComponents', () => {
  beforeAll(() => registerBuiltins());

  it('merges the user map over the base map, sorted by order', () => {
    const base = baseMap(BUILTIN_DOWNLOADER_MIDDLEWARES);
    const refs = orderedComponents(base, { MyMiddleware: 543, UserAgentMiddleware: 10 });
    expect(refs.indexOf('UserAgentMiddleware')).toBe(refs.indexOf('OffsiteMiddleware') - 1);
    expect(refs.indexOf('MyMiddleware')).toBe(refs.indexOf('RetryMiddleware') - 1);
    expect(refs).toHaveLength(Object.keys(base).length + 1);
  });

  it('disables a built-in with null, by name or by class', () => {
    const base = baseMap(BUILTIN_DOWNLOADER_MIDDLEWARES);
    expect(orderedComponents(base, { RetryMiddleware: null })).not.toContain('RetryMiddleware');
    const byClass = orderedComponents(base, [[RetryMiddleware, null]]);
    expect(byClass).not.toContain('RetryMiddleware');
    expect(byClass).not.toContain(RetryMiddleware);
    expect(byClass).toContain('RedirectMiddleware');
  });

  it('re-orders a built-in given by class instead of adding it twice', () => {
    const refs = orderedComponents({ RetryMiddleware: 550, RedirectMiddleware: 600 }, new Map([[RetryMiddleware as ComponentClass, 700]]));
    expect(refs).toEqual(['RedirectMiddleware', 'RetryMiddleware']);
  });

  it('keeps declaration order among equal orders', () => {
    expect(orderedComponents({}, { B: 100, A: 100, C: 50, D: 100 })).toEqual(['C', 'B', 'A', 'D']);
    expect(orderedComponents({ X: 1, Y: 1 }, { Z: 1 })).toEqual(['X', 'Y', 'Z']);
  });

  it('accepts tuple and Map forms with classes and names', () => {
    expect(orderedComponents({}, [[Second, 2], [First, 1], ['Named', 3]])).toEqual([First, Second, 'Named']);
    expect(orderedComponents({}, new Map<string | ComponentClass, number | null>([[Third, 3], [First, 1], [Second, null]]))).toEqual([First, Third]);
  });
});

describe('resolveComponent and loadComponents', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arachne-components-'));
    fs.writeFileSync(path.join(dir, 'pipelines.ts'), [
      'export class Upper {',
      '  processItem(item: { name: string }) { return { ...item, name: item.name.toUpperCase() }; }',
      '}',
      'export class Tagged {',
      '  constructor(readonly crawler: { settings: { get(key: string): unknown } }) {}',
      '  processItem(item: object) { return { ...item, bot: this.crawler.settings.get("BOT_NAME") }; }',
      '}',
      'export const notAClass = 1;',
    ].join('\n'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('loads "./file.ts:Export" from settings.baseDir and runs it in a crawl', async () => {
    const crawler = crawlerWith({ ITEM_PIPELINES: { './pipelines.ts:Upper': 100, './pipelines.ts:Tagged': 200 }, BOT_NAME: 'robo' }, dir);
    const items: unknown[] = [];
    crawler.signals.on('itemScraped', ({ item }) => {
      items.push(item);
    });
    await crawler.crawl();
    expect(items).toEqual([{ name: 'A', bot: 'robo' }]);
  });

  it('resolves an absolute module path', async () => {
    const cls = await resolveComponent(`${path.join(dir, 'pipelines.ts')}:Upper`, '/elsewhere', 'ITEM_PIPELINES');
    expect(cls.name).toBe('Upper');
  });

  it('names the setting when the module is missing', async () => {
    const crawler = crawlerWith({ ITEM_PIPELINES: { './missing.ts:Nope': 100 } }, dir);
    await expect(crawler.crawl()).rejects.toThrow(SettingsError);
    await expect(resolveComponent('./missing.ts:Nope', dir, 'ITEM_PIPELINES')).rejects.toThrow(/^ITEM_PIPELINES: cannot load "\.\/missing\.ts"/);
  });

  it('names the setting and lists the exports when the export is missing or not a class', async () => {
    await expect(resolveComponent('./pipelines.ts:Lower', dir, 'ITEM_PIPELINES'))
      .rejects.toThrow(/^ITEM_PIPELINES: "\.\/pipelines\.ts" has no exported class "Lower" \(exports: .*Tagged.*\)$/);
    await expect(resolveComponent('./pipelines.ts:notAClass', dir, 'EXTENSIONS')).rejects.toThrow(/^EXTENSIONS: .*no exported class "notAClass"/);
  });

  it('rejects an unknown name, suggesting the closest built-in', async () => {
    registerBuiltins();
    await expect(resolveComponent('RetryMidleware', dir, 'DOWNLOADER_MIDDLEWARES')).rejects.toThrow(/^DOWNLOADER_MIDDLEWARES: unknown component "RetryMidleware".*did you mean "RetryMiddleware"\?/);
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
    }
    const crawler = crawlerWith({ ITEM_PIPELINES: [[Optional, 1], [Always, 2]] });
    const components = await loadComponents<object>(crawler, 'ITEM_PIPELINES_BASE', 'ITEM_PIPELINES');
    expect(components).toHaveLength(1);
    expect(components[0]).toBeInstanceOf(Always);
    expect(built).toEqual(['always']);
  });

  it('lets other errors from a constructor through', () => {
    class Broken {
      constructor() {
        throw new RangeError('bad config');
      }
    }
    expect(() => buildComponent(Broken, crawlerWith())).toThrow(RangeError);
  });

  it('prefers fromCrawler over the constructor, called on the class with the crawler', () => {
    const calls: string[] = [];
    class Factory {
      constructor(readonly via: string) {
        calls.push(`new ${via}`);
      }
      static fromCrawler(this: typeof Factory, crawler: Crawler) {
        calls.push(`fromCrawler ${crawler.settings.get('BOT_NAME')}`);
        return new this('factory');
      }
    }
    const crawler = crawlerWith({ BOT_NAME: 'bot' });
    const component = buildComponent(Factory as unknown as ComponentClass<Factory>, crawler);
    expect(component?.via).toBe('factory');
    expect(calls).toEqual(['fromCrawler bot', 'new factory']);
  });

  it('skips a component whose fromCrawler raises NotConfigured', () => {
    class Declines {
      static fromCrawler(): Declines {
        throw new NotConfigured();
      }
    }
    expect(buildComponent(Declines, crawlerWith())).toBeUndefined();
  });
});
