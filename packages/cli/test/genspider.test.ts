import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { removeTempDirs, runArachne, tempDir } from './helpers.js';

afterAll(removeTempDirs);

describe.concurrent('arachne genspider', () => {
  test("writes a spider into the project's first SPIDER_MODULES directory, which list then finds", async () => {
    const project = tempDir({ 'arachne.config.ts': "export default { SPIDER_MODULES: ['src/spiders', 'more/*'] };\n" });
    const created = await runArachne(['genspider', 'shop', 'shop.example.com'], project);
    expect(created).toEqual({ code: 0, stdout: 'Created spider "shop" in src/spiders/shop.ts\n', stderr: '' });
    const source = fs.readFileSync(path.join(project, 'src/spiders/shop.ts'), 'utf8');
    expect(source).toContain('export class ShopSpider extends Spider {');
    expect(source).toContain("override allowedDomains = ['shop.example.com'];");
    expect(source).toContain("override startUrls = ['https://shop.example.com/'];");

    const [again, list] = await Promise.all([runArachne(['genspider', 'shop', 'example.org'], project), runArachne(['list'], project)]);
    expect(again).toEqual({ code: 1, stdout: '', stderr: expect.stringMatching(/^arachne: error: a spider named "shop" already exists in src\/spiders\/shop\.ts\n$/) });
    expect(list).toEqual({ code: 0, stdout: 'shop\n', stderr: `arachne: warning: SPIDER_MODULES entry "more/*" matches nothing in ${project}\n` });
  });

  test('takes a start URL, and --dir when SPIDER_MODULES names no single directory', async () => {
    const project = tempDir({ 'arachne.config.ts': "export default { SPIDER_MODULES: ['examples/*/spiders'] };\n" });
    const [ambiguous, withDir] = await Promise.all([
      runArachne(['genspider', 'books', 'books.example.com'], project),
      runArachne(['genspider', 'books', 'https://books.example.com/catalogue/', '--dir', 'examples/books/spiders'], project),
    ]);
    expect(ambiguous).toEqual({ code: 2, stdout: '', stderr: expect.stringContaining('arachne: error: SPIDER_MODULES (examples/*/spiders) names no single directory: choose one with --dir\n') });
    expect(withDir.code).toBe(0);
    const source = fs.readFileSync(path.join(project, 'examples/books/spiders/books.ts'), 'utf8');
    expect(source).toContain("override startUrls = ['https://books.example.com/catalogue/'];");
  });
});
