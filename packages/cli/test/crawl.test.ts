import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { runArachne, spiderSource, tempDir, useSite } from './helpers.js';

const site = useSite();
let project: string;

beforeAll(() => {
  // The shape of the repository root: spiders under examples/*/spiders, nested folders included.
  project = tempDir({
    'arachne.config.ts': "import type { SettingsInput } from '@arachne/core';\n\nexport default { BOT_NAME: 'testbot', SPIDER_MODULES: ['examples/*/spiders'] } satisfies SettingsInput;\n",
    'examples/alpha/spiders/alpha.ts': spiderSource('AlphaSpider', 'alpha', site.url),
    'examples/beta/spiders/beta.ts': spiderSource('BetaSpider', 'beta', site.url),
    'examples/beta/spiders/more/gamma.ts': spiderSource('GammaSpider', 'gamma', site.url).replace('export class GammaSpider', 'export default class GammaSpider'),
    'examples/beta/spiders/base.ts': "import { Spider } from '@arachne/core';\n\n/** No name: a base class, not a spider. */\nexport abstract class BaseSpider extends Spider {}\n",
    'examples/beta/spiders/beta.test.ts': "throw new Error('test files are not spider modules');\n",
    'examples/beta/README.md': 'not code\n',
  });
});

function readItems(file: string): Array<Record<string, unknown>> {
  return JSON.parse(fs.readFileSync(path.join(project, file), 'utf8')) as Array<Record<string, unknown>>;
}

describe.concurrent('a project', () => {
  test('list prints the spiders found through SPIDER_MODULES globs, sorted, from any subdirectory', async () => {
    const result = await runArachne(['list'], path.join(project, 'examples', 'beta'));
    expect(result).toEqual({ code: 0, stdout: 'alpha\nbeta\ngamma\n', stderr: '' });
  });

  test('crawl runs a spider with the project settings and writes -O json', async () => {
    const result = await runArachne(['crawl', 'alpha', '-O', 'alpha.json'], project);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Spider closed (finished)');
    const items = readItems('alpha.json');
    expect(items.map((item) => item.title).sort()).toEqual(['Page 1', 'Page 2', 'Page 3']);
    expect(items.every((item) => item.bot === 'testbot' && item.pages === 1)).toBe(true);
  });

  test('crawl applies -s over the project settings, -a typed arguments, and -O csv', async () => {
    const result = await runArachne(['crawl', 'beta', '-s', 'BOT_NAME=fromcmdline', '-a', 'pages=7', '-O', 'out/beta.csv', '--nolog'], project);
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
    const rows = fs.readFileSync(path.join(project, 'out/beta.csv'), 'utf8').trim().split(/\r?\n/);
    expect(rows[0]).toBe('title,pages,bot');
    expect(rows.slice(1).sort()).toEqual(['Page 1,7,fromcmdline', 'Page 2,7,fromcmdline', 'Page 3,7,fromcmdline']);
  });

  test('crawl -o appends to an existing jsonl file', async () => {
    fs.writeFileSync(path.join(project, 'gamma.jsonl'), '{"title":"earlier"}\n');
    const result = await runArachne(['crawl', 'gamma', '-o', 'gamma.jsonl', '--logfile', 'gamma.log'], project);
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
    const lines = fs.readFileSync(path.join(project, 'gamma.jsonl'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('{"title":"earlier"}');
    expect(lines.slice(1).map((line) => (JSON.parse(line) as { title: string }).title).sort()).toEqual(['Page 1', 'Page 2', 'Page 3']);
    expect(fs.readFileSync(path.join(project, 'gamma.log'), 'utf8')).toContain('Spider closed (finished)');
  });

  test('an unknown spider name lists the known ones and suggests the closest', async () => {
    const result = await runArachne(['crawl', 'alpah'], project);
    expect(result).toEqual({ code: 1, stdout: '', stderr: 'arachne: error: spider not found: "alpah". Did you mean "alpha"? Known spiders: alpha, beta, gamma\n' });
  });

  test('an unknown setting is an error that suggests the nearest known one', async () => {
    const result = await runArachne(['crawl', 'alpha', '-s', 'CONCURENT_REQUESTS=4'], project);
    expect(result).toEqual({ code: 1, stdout: '', stderr: 'arachne: error: unknown setting "CONCURENT_REQUESTS" — did you mean "CONCURRENT_REQUESTS"?\n' });
  });

  test('settings --get prints project values, -s overrides and objects as JSON', async () => {
    const [bot, overridden, unknown] = await Promise.all([
      runArachne(['settings', '--get', 'BOT_NAME'], project),
      runArachne(['settings', '--get', 'DEFAULT_REQUEST_HEADERS', '-s', 'DEFAULT_REQUEST_HEADERS={"Accept": "text/plain"}'], project),
      runArachne(['settings', '--get', 'BOT_NAM'], project),
    ]);
    expect(bot).toEqual({ code: 0, stdout: 'testbot\n', stderr: '' });
    expect(overridden).toEqual({ code: 0, stdout: '{"Accept":"text/plain"}\n', stderr: '' });
    expect(unknown).toEqual({ code: 1, stdout: '', stderr: 'arachne: error: unknown setting "BOT_NAM" — did you mean "BOT_NAME"?\n' });
  });
});

describe.concurrent('projects with problems', () => {
  test('crawl outside a project says so and suggests runspider', async () => {
    const result = await runArachne(['crawl', 'alpha'], tempDir({}));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^arachne: error: crawl needs a project: no arachne\.config\.ts in .+ To run a spider file, use: arachne runspider <file\.ts>\n$/);
  });

  test('two spiders with the same name: a warning, and the first is kept', async () => {
    const dir = tempDir({
      'arachne.config.mjs': 'export default { SPIDER_MODULES: ["spiders"] };\n',
      'spiders/a.ts': spiderSource('One', 'same', site.url),
      'spiders/b.ts': spiderSource('Two', 'same', site.url),
    });
    const result = await runArachne(['list'], dir);
    expect(result).toEqual({ code: 0, stdout: 'same\n', stderr: 'arachne: warning: several spiders are named "same" (spiders/a.ts, spiders/b.ts); using the first\n' });
  });

  test('an unknown key in arachne.config.ts names the file', async () => {
    const dir = tempDir({ 'arachne.config.ts': 'export default { CONCURRENT_REQUEST: 4 };\n' });
    const result = await runArachne(['settings'], dir);
    expect(result).toEqual({ code: 1, stdout: '', stderr: 'arachne: error: arachne.config.ts: unknown setting "CONCURRENT_REQUEST" — did you mean "CONCURRENT_REQUESTS"?\n' });
  });
});
