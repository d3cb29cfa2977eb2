import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { runArachne, spawnArachne, spiderSource, tempDir, useSite } from './helpers.js';

const site = useSite();

function hasNodeModulesAbove(dir: string): boolean {
  for (let current = dir; ; current = path.dirname(current)) {
    if (fs.existsSync(path.join(current, 'node_modules'))) return true;
    if (path.dirname(current) === current) return false;
  }
}

describe.concurrent('arachne runspider', () => {
  test('runs a lone .ts file with no node_modules near it, with typed -a arguments', async () => {
    const spider = `import { Spider, type Response } from '@arachne/core';
import { shout } from './shout.js';

export class PagesSpider extends Spider {
  name = 'pages';
  startUrls = ['${site.url}/page/1'];
  pages = 1;
  async *parse(response: Response) {
    yield { title: shout(response.css('h1::text').get() ?? ''), pages: this.pages };
    const next = response.css('a::attr(href)').get();
    if (next) yield response.follow(next);
  }
}
`;
    const dir = tempDir({ 'spider.ts': spider, 'shout.ts': 'export const shout = (text: string): string => text.toUpperCase();\n' });
    expect(hasNodeModulesAbove(dir)).toBe(false);

    const result = await runArachne(['runspider', 'spider.ts', '-a', 'pages=3', '-O', 'items.json', '-L', 'WARNING'], dir);

    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
    const items = JSON.parse(fs.readFileSync(path.join(dir, 'items.json'), 'utf8')) as Array<Record<string, unknown>>;
    expect(items.map((item) => item.title).sort()).toEqual(['PAGE 1', 'PAGE 2', 'PAGE 3']);
    expect(items.every((item) => item.pages === 3)).toBe(true);
  });

  test('gives each file its own import.meta, and stack traces at the lines of the .ts files', async () => {
    const spider = `import fs from 'node:fs';
import { Spider, type Response } from '@arachne/core';
import { label } from './lib/label.js';

export class MetaSpider extends Spider {
  name = 'meta';
  startUrls = ['${site.url}/page/1'];
  async *parse(response: Response) {
    yield { text: fs.readFileSync(new URL('./data.txt', import.meta.url), 'utf8'), label: label(), dirname: import.meta.dirname };
    throw new Error('thrown on line 10');
  }
}
`;
    const label = "import path from 'node:path';\nexport const label = (): string => path.basename(import.meta.filename);\n";
    const dir = tempDir({ 'spider.ts': spider, 'data.txt': 'beside the spider', 'lib/label.ts': label });

    const result = await runArachne(['runspider', 'spider.ts', '-o', '-:jsonl', '-L', 'DEBUG'], dir);

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ text: 'beside the spider', label: 'label.ts', dirname: dir });
    expect(result.stderr).toContain(`Error: thrown on line 10\n    at MetaSpider.parse (${path.join(dir, 'spider.ts')}:10:11)`);
  });

  test('runs a plain .js spider written as ESM', async () => {
    const source = `import { Spider } from '@arachne/core';
export class JsSpider extends Spider {
  name = 'js';
  startUrls = ['${site.url}/page/2'];
  async *parse(response) { yield { title: response.css('h1::text').get() }; }
}
`;
    const dir = tempDir({ 'spider.js': source });
    const result = await runArachne(['runspider', 'spider.js', '-o', 'items.jsonl', '--nolog'], dir);
    expect(result.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'items.jsonl'), 'utf8')).toBe('{"title":"Page 2"}\n');
  });

  test('asks which spider to run when a file defines several, and runs the one named with --spider', async () => {
    const dir = tempDir({ 'spiders.ts': spiderSource('First', 'first', site.url) + spiderSource('Second', 'second', site.url).replace(/^import .*\n/, '') });
    const [several, chosen] = await Promise.all([
      runArachne(['runspider', 'spiders.ts'], dir),
      runArachne(['runspider', 'spiders.ts', '--spider', 'second', '-O', 'out.csv', '--nolog'], dir),
    ]);
    expect(several.code).toBe(2);
    expect(several.stderr).toBe('arachne: error: spiders.ts defines several spiders (first, second): choose one with --spider NAME\n');
    expect(chosen.code).toBe(0);
    const rows = fs.readFileSync(path.join(dir, 'out.csv'), 'utf8').trim().split(/\r?\n/);
    expect(rows[0]).toBe('title,pages,bot');
    expect(rows.slice(1).sort()).toEqual(['Page 1,1,arachnebot', 'Page 2,1,arachnebot', 'Page 3,1,arachnebot']);
  });

  test('reports a syntax error in one line, without a stack trace', async () => {
    const dir = tempDir({ 'broken.ts': "import { Spider } from '@arachne/core';\nexport class Broken extends Spider {\n  name = 'broken'\n  parse( {\n}\n" });
    const result = await runArachne(['runspider', 'broken.ts'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^arachne: error: cannot load broken\.ts: .*broken\.ts:6:1: Expected "\)" but found end of file\n$/);
  });

  test('reports a failing import, with the stack trace only at -L DEBUG', async () => {
    const dir = tempDir({ 'missing.ts': "import { Spider } from '@arachne/core';\nimport 'no-such-package';\nexport class M extends Spider { name = 'm'; }\n" });
    const [plain, debug] = await Promise.all([
      runArachne(['runspider', 'missing.ts'], dir),
      runArachne(['runspider', 'missing.ts', '-L', 'DEBUG'], dir),
    ]);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toBe(`arachne: error: cannot load missing.ts: Cannot find package 'no-such-package' imported from ${path.join(dir, 'missing.ts')}:2:8\n`);
    expect(debug.code).toBe(1);
    expect(debug.stderr).toMatch(/\n\s+at /);
  });

  test('a file without a spider, or no file, is a usage error (exit code 2)', async () => {
    const dir = tempDir({ 'nothing.ts': 'export const answer = 42;\n' });
    const results = await Promise.all([runArachne(['runspider', 'nothing.ts'], dir), runArachne(['runspider', 'absent.ts'], dir)]);
    expect(results).toEqual([
      { code: 2, stdout: '', stderr: 'arachne: error: no spider found in nothing.ts: export a class that extends Spider\n' },
      { code: 2, stdout: '', stderr: 'arachne: error: file not found: absent.ts\n' },
    ]);
  });

  test('stops quietly when the reader of stdout goes away', async () => {
    const source = `import { Spider, type Response } from '@arachne/core';
export class Many extends Spider {
  name = 'many';
  startUrls = ['${site.url}/page/1'];
  async *parse(response: Response) {
    const n = Number(new URL(response.url).searchParams.get('n') ?? 0);
    for (let i = 0; i < 100; i++) yield { i: n * 100 + i };
    if (n < 1000) yield response.follow(\`?n=\${n + 1}\`);
  }
}
`;
    const dir = tempDir({ 'many.ts': source });
    const child = spawnArachne(['runspider', 'many.ts', '-o', '-:jsonl', '-o', 'all.jsonl', '-L', 'WARNING'], dir);
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
    const firstChunk = await new Promise<string>((resolve) => child.stdout!.once('data', (chunk: Buffer) => resolve(chunk.toString())));
    child.stdout!.destroy();

    expect(firstChunk.startsWith('{"i":0}\n')).toBe(true);
    expect(await exited).toBe(0);
    expect(stderr).toBe('');
    // The crawl stopped early, and the other feed was still completed.
    const lines = fs.readFileSync(path.join(dir, 'all.jsonl'), 'utf8').split('\n');
    expect(lines.at(-1)).toBe('');
    expect(lines.length).toBeLessThan(100_001);
    expect(lines.length).toBeGreaterThan(1);
  });
});
