import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { runArachne, tempDir, useSite } from './helpers.js';

const { resolve } = createRequire(import.meta.url);
const CLI_VERSION = (JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

const site = useSite();

describe.concurrent('arachne startproject', () => {
  // Runs tsc on the project and four commands: minutes, not seconds, on a loaded 2-core machine.
  test('creates a project in which genspider, list, settings and crawl work, and whose files typecheck', { timeout: 240_000 }, async () => {
    const parent = tempDir({});
    const created = await runArachne(['startproject', 'demo'], parent);
    const project = path.join(parent, 'demo');
    expect(created).toEqual({
      code: 0,
      stdout:
        `New Arachne project "demo" created in:\n    ${project}\n\n` +
        'Install its dependencies (for tsc, your editor and `npm run crawl`), then start your first spider:\n    cd demo\n    npm install\n    arachne genspider example example.com\n    arachne crawl example\n',
      // This CLI runs from the repository: no tarballs were packed for it (see install.test.ts for those).
      stderr: expect.stringMatching(/^arachne: warning: this arachne runs from its repository, so the project asks the npm registry for @arachne\/core and @arachne\/cli \^0\.1\.0, .*`pnpm install-cli`.*\n$/),
    });
    const config = path.join(project, 'arachne.config.ts');
    const configSource = fs.readFileSync(config, 'utf8');
    expect(configSource).toContain("export default defineConfig({\n  BOT_NAME: 'demo',");
    for (const key of ['CONCURRENT_REQUESTS_PER_DOMAIN', 'DOWNLOAD_DELAY', 'AUTOTHROTTLE_ENABLED', 'HTTPCACHE_ENABLED', 'ITEM_PIPELINES']) expect(configSource).toContain(`\n  // ${key}: `);
    expect(filesUnder(project)).toEqual(['.gitignore', 'arachne.config.ts', 'items.ts', 'middlewares.ts', 'package.json', 'pipelines.ts', 'pnpm-workspace.yaml', 'spiders/README.md', 'tsconfig.json']);
    expect(JSON.parse(fs.readFileSync(path.join(project, 'package.json'), 'utf8'))).toEqual({
      name: 'demo',
      private: true,
      type: 'module',
      scripts: { crawl: 'arachne crawl', list: 'arachne list', typecheck: 'tsc' },
      dependencies: { '@arachne/cli': `^${CLI_VERSION}`, '@arachne/core': `^${CLI_VERSION}` },
      devDependencies: { '@types/node': `^${process.versions.node.split('.')[0]}`, typescript: '~5.9.3' },
      allowScripts: { esbuild: true },
    });

    const spider = await runArachne(['genspider', 'pages', `${site.url}/page/1`], project);
    expect(spider).toEqual({ code: 0, stdout: 'Created spider "pages" in spiders/pages.ts\n', stderr: '' });
    const [list, settings] = await Promise.all([runArachne(['list'], project), runArachne(['settings', '--get', 'ROBOTSTXT_OBEY'], project)]);
    expect(list).toEqual({ code: 0, stdout: 'pages\n', stderr: '' });
    expect(settings).toEqual({ code: 0, stdout: 'true\n', stderr: '' });

    // Uncommented, the suggested settings must be valid, and the example components must load and pass everything through.
    fs.writeFileSync(config, configSource.replace(/^ {2}\/\/ ([A-Z_]+: )/gm, '  $1'));
    const fast = ['-s', 'DOWNLOAD_DELAY=0', '-s', 'AUTOTHROTTLE_ENABLED=false', '-s', 'HTTPCACHE_ENABLED=false'];
    const [crawl, components, typecheck] = await Promise.all([
      runArachne(['crawl', 'pages', '-o', '-:jsonl', '--nolog', ...fast], project),
      runArachne(['settings', '--get', 'ITEM_PIPELINES'], project),
      typecheckProject(parent, project),
    ]);
    expect(crawl).toEqual({ code: 0, stdout: `{"url":"${site.url}/page/1"}\n`, stderr: '' });
    expect(components.stdout).toBe('{"./pipelines.ts:DemoPipeline":300}\n');
    expect(typecheck).toBe('no errors');
  });

  test('takes an empty directory and names the example classes after the project', async () => {
    const parent = tempDir({});
    fs.mkdirSync(path.join(parent, 'my shop'));
    const created = await runArachne(['startproject', 'my-shop_2', 'my shop'], parent);
    expect(created.code).toBe(0);
    expect(created.stdout).toContain("\n    cd 'my shop'\n");
    const project = path.join(parent, 'my shop');
    expect(fs.readFileSync(path.join(project, 'arachne.config.ts'), 'utf8')).toContain("BOT_NAME: 'my-shop_2',");
    expect(fs.readFileSync(path.join(project, 'pipelines.ts'), 'utf8')).toContain('export class MyShop2Pipeline implements ItemPipeline<MyShop2Item> {');
    expect(JSON.parse(fs.readFileSync(path.join(project, 'package.json'), 'utf8'))).toMatchObject({ name: 'my-shop_2' });
  });

  test('refuses an invalid name and a directory that is not empty', async () => {
    const parent = tempDir({ 'taken/notes.txt': 'mine' });
    const [badName, taken, file] = await Promise.all([
      runArachne(['startproject', '2fast'], parent),
      runArachne(['startproject', 'shop', 'taken'], parent),
      runArachne(['startproject', 'shop', 'taken/notes.txt'], parent),
    ]);
    expect(badName).toEqual({ code: 2, stdout: '', stderr: 'arachne: error: invalid project name "2fast": use letters, digits, "-" and "_", starting with a letter\n' });
    expect(taken).toEqual({ code: 2, stdout: '', stderr: 'arachne: error: taken already exists and is not empty\n' });
    expect(file).toEqual({ code: 2, stdout: '', stderr: 'arachne: error: taken/notes.txt exists and is not a directory\n' });
    expect(fs.readdirSync(parent)).toEqual(['taken']);
    expect(fs.readdirSync(path.join(parent, 'taken'))).toEqual(['notes.txt']);
  });
});

function filesUnder(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((entry) => fs.statSync(path.join(dir, entry)).isFile())
    .map((entry) => entry.split(path.sep).join('/'))
    .sort();
}

/**
 * Run this repository's tsc on the project with its own tsconfig: 'no errors' or
 * tsc's report. The project has no node_modules, so a config beside it (not in it)
 * maps `@arachne/core` to the workspace sources and provides Node's types, as an
 * install would.
 */
async function typecheckProject(parent: string, project: string): Promise<string> {
  const checkConfig = path.join(parent, 'tsconfig.check.json');
  fs.writeFileSync(checkConfig, JSON.stringify({
    extends: `./${path.basename(project)}/tsconfig.json`,
    compilerOptions: {
      paths: { '@arachne/core': [resolve('@arachne/core')] },
      typeRoots: [path.dirname(path.dirname(resolve('@types/node/package.json')))],
      types: ['node'],
    },
  }));
  try {
    await promisify(execFile)(process.execPath, [resolve('typescript/bin/tsc'), '-p', checkConfig, '--pretty', 'false']);
    return 'no errors';
  } catch (error) {
    return (error as { stdout?: string }).stdout || String(error);
  }
}
