import { beforeAll, describe, expect, test } from 'vitest';
import { runArachne, spiderSource, tempDir, useSite } from './helpers.js';

const site = useSite();
let project: string;

beforeAll(() => {
  project = tempDir({
    'arachne.config.ts': "export default { BOT_NAME: 'parsebot', SPIDER_MODULES: ['spiders'] };\n",
    'spiders/pages.ts': spiderSource('PagesSpider', 'pages', site.url).replace(
      '  pages = 1;',
      "  pages = 1;\n  titleOnly(response: Response) {\n    return [{ only: response.css('h1::text').get() }];\n  }",
    ),
  });
});

describe.concurrent('arachne parse', () => {
  test('prints the items and requests a callback yields for one page, with spider arguments and settings', async () => {
    const result = await runArachne(['parse', `${site.url}/page/1`, '--spider', 'pages', '-a', 'pages=3', '--nolog'], project);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('# Scraped Items');
    expect(result.stdout).toContain('"title": "Page 1"');
    expect(result.stdout).toContain('"pages": 3');
    expect(result.stdout).toContain('"bot": "parsebot"');
    expect(result.stdout).toContain(`<GET ${site.url}/page/2> (callback: parse)`);
  });

  test('-c runs another callback', async () => {
    const result = await runArachne(['parse', `${site.url}/page/2`, '--spider', 'pages', '-c', 'titleOnly', '--nolog'], project);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('"only": "Page 2"');
    expect(result.stdout).not.toContain('"title"');
  });

  test('an unknown callback is one error line and exit code 1', async () => {
    const result = await runArachne(['parse', `${site.url}/page/1`, '--spider', 'pages', '-c', 'nope', '--nolog'], project);
    expect(result).toEqual({ code: 1, stdout: '', stderr: 'arachne: error: spider pages has no method "nope" to use as a callback\n' });
  });
});
