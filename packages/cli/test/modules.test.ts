import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { runArachne, tempDir, useSite } from './helpers.js';

const site = useSite();

/** A project whose config, two spiders and a pipeline all import one helper module and one item class. */
function sharedModuleProject(siteUrl: string): string {
  const spider = (className: string, name: string) => `import { Spider, type Response } from '@arachne/core';
import { Book } from '../lib/book.js';
import { evaluations, registry } from '../lib/registry.js';

registry.add('${name}');

export class ${className} extends Spider {
  name = '${name}';
  startUrls = ['${siteUrl}/page/1'];
  async *parse(response: Response) {
    yield new Book(response.css('h1::text').get() ?? '', evaluations(), [...registry].sort());
  }
}
`;
  return tempDir({
    'arachne.config.ts': `import { defineConfig } from '@arachne/core';
import { registry } from './lib/registry.js';

registry.add('config');

export default defineConfig({ SPIDER_MODULES: ['spiders'], ITEM_PIPELINES: { './pipelines.ts:BookPipeline': 300 } });
`,
    'lib/registry.ts': `const counter = globalThis as { registryEvaluations?: number };
counter.registryEvaluations = (counter.registryEvaluations ?? 0) + 1;
export const evaluations = (): number => counter.registryEvaluations ?? 0;
export const registry = new Set<string>();
`,
    'lib/book.ts': `export class Book {
  constructor(readonly title: string, readonly evaluations: number, readonly registered: string[]) {}
}
`,
    'pipelines.ts': `import { Book } from './lib/book.js';
import { registry } from './lib/registry.js';

export class BookPipeline {
  processItem(item: unknown) {
    if (!(item instanceof Book)) throw new Error('not a Book: the pipeline sees another copy of lib/book.ts');
    return { ...item, isBook: true, registeredByThen: [...registry].sort() };
  }
}
`,
    'spiders/first.ts': spider('FirstSpider', 'first'),
    'spiders/second.ts': spider('SecondSpider', 'second'),
  });
}

describe.concurrent('user modules', () => {
  test('a module imported by the config, two spiders and a pipeline is evaluated once and shared by all', async () => {
    const project = sharedModuleProject(site.url);
    const result = await runArachne(['crawl', 'second', '-o', '-:jsonl', '--nolog'], project);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      title: 'Page 1',
      evaluations: 1,
      registered: ['config', 'first', 'second'],
      isBook: true,
      registeredByThen: ['config', 'first', 'second'],
    });
  });

  test('a failing import names the spider file, the file that imports and what it imports', async () => {
    const dir = tempDir({
      'spider.ts': "import { Spider } from '@arachne/core';\nimport { helper } from './lib/helper.js';\nexport class S extends Spider { name = helper; }\n",
      'lib/helper.ts': "import { other } from './other.js';\nexport const helper = other;\n",
      'export.ts': "import { Spider } from '@arachne/core';\nimport { nothing } from './lib/exports.js';\nexport class E extends Spider { name = nothing; }\n",
      'lib/exports.ts': 'export const something = 1;\n',
      'computed.ts': "import { Spider } from '@arachne/core';\nexport class C extends Spider {\n  name = 'c';\n  load(page: string) {\n    return import(`./lib/${page}.js`);\n  }\n}\n",
      // This one matches lib/exports.ts.
      'matching.ts': "import { Spider } from '@arachne/core';\nexport class M extends Spider {\n  name = 'm';\n  load(page: string) {\n    return import(`./lib/${page}`);\n  }\n}\n",
      'json.ts': "import { Spider } from '@arachne/core';\nimport data from './data.json' with { type: 'json' };\nexport class J extends Spider { name = data.name; }\n",
      'data.json': '{ "name": "from json" }',
    });
    const [missing, noExport, computed, matching, json] = await Promise.all(['spider.ts', 'export.ts', 'computed.ts', 'matching.ts', 'json.ts'].map((file) => runArachne(['runspider', file, '-s', 'CLOSESPIDER_TIMEOUT=0.01', '-L', 'ERROR'], dir)));
    expect(missing).toEqual({ code: 1, stdout: '', stderr: `arachne: error: cannot load spider.ts: Cannot find module './other.js' imported from ${path.join(dir, 'lib', 'helper.ts')}:1:23\n` });
    expect(noExport).toEqual({
      code: 1,
      stdout: '',
      stderr: `arachne: error: cannot load export.ts: The requested module './lib/exports.js' does not provide an export named 'nothing' (in ${path.join(dir, 'export.ts')})\n`,
    });
    for (const [result, file] of [[computed, 'computed.ts'], [matching, 'matching.ts']] as const) {
      expect(result).toEqual({
        code: 1,
        stdout: '',
        stderr: `arachne: error: cannot load ${file}: ${path.join(dir, file)}:5:19: import() of a local file by a computed path is not supported: give import() a literal path, one per file\n`,
      });
    }
    expect(json).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  test('compiled files go to the temp directory and are removed when the command ends', async () => {
    const dir = tempDir({ 'spider.ts': "import { Spider } from '@arachne/core';\nexport class S extends Spider { name = 's'; override startUrls = []; }\nconsole.log(import.meta.url);\n" });
    const tmp = tempDir({});
    const result = await runArachne(['runspider', 'spider.ts', '--nolog'], dir, { TMPDIR: tmp });
    expect(result).toEqual({ code: 0, stdout: `file://${dir}/spider.ts\n`, stderr: '' });
    expect(fs.readdirSync(tmp)).toEqual([]);
  });
});
