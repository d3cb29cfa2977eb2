/** A user extension declaring its own settings, used from a runspider file and a project, set with -s. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { runArachne, tempDir, useSite } from './helpers.js';

const site = useSite();

const EXTENSION = `import { defineSettings, NotConfigured, type CrawlerContext, type SettingsOf } from '@arachne/core';

export const MYEXT_SETTINGS = defineSettings({
  MYEXT_ENABLED: { default: false, doc: 'Turn MyExtension on.' },
  MYEXT_LIMIT: { default: 10, type: 'integer', min: 1, doc: 'Items before MyExtension closes the spider.' },
});

declare module '@arachne/core' {
  interface SettingsValues extends SettingsOf<typeof MYEXT_SETTINGS> {}
}

/** Closes the spider after MYEXT_LIMIT items. */
export class MyExtension {
  static readonly settings = MYEXT_SETTINGS;
  #items = 0;
  constructor(crawler: CrawlerContext) {
    if (!crawler.settings.get('MYEXT_ENABLED')) throw new NotConfigured('MYEXT_ENABLED is off');
    const limit = crawler.settings.get('MYEXT_LIMIT');
    crawler.signals.on('itemScraped', () => {
      if (++this.#items === limit) void crawler.engine.closeSpider('myext_limit');
    });
  }
}
`;

const spider = (siteUrl: string) => `import { Spider, type Response } from '@arachne/core';

export class PagesSpider extends Spider {
  name = 'pages';
  startUrls = ['${siteUrl}/page/1'];
  override customSettings = { EXTENSIONS: { './myext.ts:MyExtension': 100 }, CONCURRENT_REQUESTS: 1 };
  async *parse(response: Response) {
    yield { title: response.css('h1::text').get() };
    const next = response.css('a::attr(href)').get();
    if (next) yield response.follow(next);
  }
}
`;

describe.concurrent('settings declared by a user extension', () => {
  test('work end to end in a runspider file, set with -s', async () => {
    const dir = tempDir({ 'spider.ts': spider(site.url), 'myext.ts': EXTENSION });
    const result = await runArachne(['runspider', 'spider.ts', '-s', 'MYEXT_ENABLED=true', '-s', 'MYEXT_LIMIT=1', '-O', 'items.json'], dir);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Spider closed (myext_limit)');
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'items.json'), 'utf8')).length).toBeLessThan(3);
  });

  test('are checked and suggested like built-in ones', async () => {
    const dir = tempDir({ 'spider.ts': spider(site.url), 'myext.ts': EXTENSION });
    const typo = await runArachne(['runspider', 'spider.ts', '-s', 'MYEXT_LIMT=1'], dir);
    expect(typo).toEqual({ code: 1, stdout: '', stderr: 'arachne: error: unknown setting "MYEXT_LIMT" — did you mean "MYEXT_LIMIT"?\n' });
    const wrong = await runArachne(['runspider', 'spider.ts', '-s', 'MYEXT_LIMIT=0'], dir);
    expect(wrong).toEqual({ code: 1, stdout: '', stderr: 'arachne: error: setting MYEXT_LIMIT must be at least 1, got "0"\n' });
  });

  test('are listed and read by arachne settings in a project that names the extension', async () => {
    const dir = tempDir({
      'arachne.config.ts': "export default { EXTENSIONS: { './myext.ts:MyExtension': 100 } };\n",
      'myext.ts': EXTENSION,
    });
    expect(await runArachne(['settings', '--get', 'MYEXT_LIMIT', '-s', 'MYEXT_LIMIT=5'], dir)).toEqual({ code: 0, stdout: '5\n', stderr: '' });
    const all = await runArachne(['settings'], dir);
    expect(JSON.parse(all.stdout)).toMatchObject({ MYEXT_ENABLED: false, MYEXT_LIMIT: 10, DOWNLOAD_DELAY: 0 });
    const docs = await runArachne(['settings', '--docs', 'MyExtension'], dir);
    expect(docs.stdout).toBe([
      '| setting | type | default | meaning | declared by |',
      '|---|---|---|---|---|',
      '| `MYEXT_ENABLED` | boolean | `false` | Turn MyExtension on. | MyExtension |',
      '| `MYEXT_LIMIT` | integer | `10` | Items before MyExtension closes the spider. | MyExtension |',
      '',
    ].join('\n'));
  });
});
