/**
 * Arachne outside its repository, as a new user gets it: `pnpm install-cli`
 * puts `arachne` on the PATH (installed into a temporary npm prefix), then, in
 * folders outside the clone, a project made by `startproject` installs with npm
 * and with pnpm, type-checks and crawls; a lone spider file runs; a script
 * running `CrawlerProcess` runs with node and with tsx.
 *
 * Needs the npm registry (the packages' own dependencies, typescript, tsx), so
 * it is not part of `pnpm test`: run it with `pnpm test:install`.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PAGE_COUNT, useSite } from '../packages/cli/test/helpers.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const site = useSite();
const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'arachne-install-')));
const prefix = path.join(root, 'npm-global');
const packagesDir = path.join(root, 'packages');

/** This process's environment without what pnpm and vitest set for the test run, with the npm prefix's bin first on the PATH: a user's shell. */
function userEnvironment(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(?:npm_|pnpm_(?!home)|vitest|node_path$|node_options$)/i.test(name)));
  return { ...env, PATH: `${path.join(prefix, 'bin')}${path.delimiter}${process.env.PATH ?? ''}` };
}

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run a command as the user would type it (found on the PATH), to its end. */
function sh(cwd: string, command: string, ...args: string[]): Promise<Result> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env: userEnvironment(), maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/** As `sh`, failing the test with the command's output unless it succeeds. */
async function ok(cwd: string, command: string, ...args: string[]): Promise<string> {
  const result = await sh(cwd, command, ...args);
  if (result.code !== 0) throw new Error(`${command} ${args.join(' ')} (in ${cwd}) exited with ${result.code}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

function folder(name: string, files: Record<string, string> = {}): string {
  const dir = path.join(root, name);
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

const items = (file: string) =>
  fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);

beforeAll(async () => {
  const result = await new Promise<Result>((resolve) => {
    execFile('pnpm', ['install-cli', '--dir', packagesDir], { cwd: repo, env: { ...userEnvironment(), npm_config_prefix: prefix } }, (error, stdout, stderr) =>
      resolve({ code: error ? 1 : 0, stdout, stderr }),
    );
  });
  if (result.code !== 0) throw new Error(`pnpm install-cli failed:\n${result.stdout}\n${result.stderr}`);
}, 600_000);

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

describe('arachne installed from the clone', () => {
  test('pnpm install-cli packed both packages and put arachne on the PATH', async () => {
    const [dir, ...others] = fs.readdirSync(packagesDir);
    expect(others).toEqual([]);
    expect(fs.readdirSync(path.join(packagesDir, dir!)).sort()).toEqual(['arachne-cli-0.1.0.tgz', 'arachne-core-0.1.0.tgz']);
    expect((await ok(root, 'sh', '-c', 'command -v arachne')).trim()).toBe(path.join(prefix, 'bin', 'arachne'));
    expect(await ok(root, 'arachne', 'version')).toBe('Arachne 0.1.0\n');
  });

  test('startproject makes a project that installs with npm, type-checks with tsc and crawls', async () => {
    const work = folder('work');
    expect(await sh(work, 'arachne', 'crawl', 'pages')).toMatchObject({ code: 2, stderr: expect.stringContaining('crawl needs a project') });
    await ok(work, 'arachne', 'startproject', 'shop');
    const project = path.join(work, 'shop');
    const manifest = JSON.parse(fs.readFileSync(path.join(project, 'package.json'), 'utf8')) as { '//': string; dependencies: Record<string, string> };
    expect(manifest['//']).toContain(packagesDir);
    for (const spec of Object.values(manifest.dependencies)) expect(fs.existsSync(spec.replace(/^file:/, ''))).toBe(true);

    // The project works with the global arachne before its dependencies are installed.
    expect(await ok(project, 'arachne', 'genspider', 'pages', `${site.url}/page/1`)).toBe('Created spider "pages" in spiders/pages.ts\n');
    expect(await ok(project, 'arachne', 'list')).toBe('pages\n');

    await ok(project, 'npm', 'install', '--no-fund', '--no-audit');
    fs.mkdirSync(path.join(project, 'lib'));
    fs.writeFileSync(path.join(project, 'lib', 'title.ts'), TITLE_HELPER);
    fs.writeFileSync(path.join(project, 'spiders', 'follow.ts'), followSpider(site.url));
    fs.writeFileSync(path.join(project, 'spiders', 'identity.ts'), IDENTITY_SPIDER);
    expect(await sh(project, 'npx', 'tsc', '--noEmit')).toMatchObject({ code: 0, stdout: '' });
    fs.writeFileSync(path.join(project, 'broken.ts'), "export const count: number = 'three';\n");
    expect(await sh(project, 'npx', 'tsc', '--noEmit')).toMatchObject({ code: 2, stdout: expect.stringContaining("broken.ts(1,14): error TS2322: Type 'string' is not assignable to type 'number'.") });
    fs.rmSync(path.join(project, 'broken.ts'));

    await ok(project, 'arachne', 'crawl', 'follow', '-O', 'items.jsonl', '-L', 'WARNING');
    expect(items(path.join(project, 'items.jsonl')).map((item) => item.title).sort()).toEqual(Array.from({ length: PAGE_COUNT }, (_, i) => `Page ${i + 1}`));
    // The project's own arachne (npm run), and the global one handing over to it: one @arachne/core either way.
    await ok(project, 'npm', 'run', 'crawl', '--', 'identity', '-O', 'npm-run.jsonl', '--nolog');
    await ok(project, 'arachne', 'crawl', 'identity', '-O', 'global.jsonl', '--nolog');
    expect([...items(path.join(project, 'npm-run.jsonl')), ...items(path.join(project, 'global.jsonl'))]).toEqual([{ sameCore: true }, { sameCore: true }]);
  });

  test('a project made by startproject installs with pnpm, type-checks and crawls', async () => {
    const work = folder('work-pnpm');
    await ok(work, 'arachne', 'startproject', 'shop');
    const project = path.join(work, 'shop');
    await ok(project, 'pnpm', 'install');
    await ok(project, 'arachne', 'genspider', 'pages', `${site.url}/page/2`);
    expect(await sh(project, 'pnpm', 'exec', 'tsc', '--noEmit')).toMatchObject({ code: 0 });
    await ok(project, 'pnpm', 'crawl', 'pages', '-O', 'items.jsonl', '--nolog');
    expect(items(path.join(project, 'items.jsonl')).map((item) => item.url)).toEqual([`${site.url}/page/2`]);
  });

  test('runspider runs a lone spider file and the module it imports, with no package.json or node_modules near them', async () => {
    const lone = folder('lone', {
      'spider.ts': followSpider(site.url).replace("from '../lib/title.js'", "from './title.js'"),
      'title.ts': TITLE_HELPER,
    });
    await ok(lone, 'arachne', 'runspider', 'spider.ts', '-O', 'items.json', '--nolog');
    const titles = (JSON.parse(fs.readFileSync(path.join(lone, 'items.json'), 'utf8')) as Array<{ title: string }>).map((item) => item.title);
    expect(titles.sort()).toEqual(Array.from({ length: PAGE_COUNT }, (_, i) => `Page ${i + 1}`));
  });

  test('a script running CrawlerProcess runs with plain node and with tsx', async () => {
    const [core] = fs.readdirSync(path.join(packagesDir, fs.readdirSync(packagesDir)[0]!)).filter((name) => name.startsWith('arachne-core-'));
    const script = folder('script', {
      'package.json': JSON.stringify({ name: 'script', private: true, type: 'module' }),
      'crawl.ts': crawlerProcessScript(site.url, true),
      'crawl.mjs': crawlerProcessScript(site.url, false),
    });
    await ok(script, 'npm', 'install', '--no-fund', '--no-audit', path.join(packagesDir, fs.readdirSync(packagesDir)[0]!, core!), 'tsx@4.23.15');
    await ok(script, 'node', 'crawl.mjs');
    expect(items(path.join(script, 'items.jsonl'))).toEqual([{ title: 'Page 1' }]);
    await ok(script, 'npx', 'tsx', 'crawl.ts');
    expect(items(path.join(script, 'items.jsonl'))).toEqual([{ title: 'Page 1' }]);
  });
});

const TITLE_HELPER = "export const title = (text: string | undefined): string => (text ?? '').trim();\n";

/** A spider following the test site's pages, with a helper module it imports from the project's lib/. */
function followSpider(siteUrl: string): string {
  return `import { Spider, type TextResponse } from '@arachne/core';
import { title } from '../lib/title.js';

export class FollowSpider extends Spider<{ title: string }> {
  name = 'follow';
  override startUrls = ['${siteUrl}/page/1'];

  override async *parse(response: TextResponse) {
    yield { title: title(response.css('h1::text').get()) };
    const next = response.css('a::attr(href)').get();
    if (next) yield response.follow(next);
  }
}
`;
}

/** Whether the `@arachne/core` the spider was given is the one the project installed. */
const IDENTITY_SPIDER = `import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Spider } from '@arachne/core';

export class IdentitySpider extends Spider<{ sameCore: boolean }> {
  name = 'identity';

  override async *start() {
    const installed = (await import(pathToFileURL(createRequire(import.meta.url).resolve('@arachne/core')).href)) as { Spider: unknown };
    yield { sameCore: installed.Spider === Spider };
  }
}
`;

function crawlerProcessScript(siteUrl: string, typescript: boolean): string {
  const source = `import { CrawlerProcess, Spider, type TextResponse } from '@arachne/core';

class TitleSpider extends Spider {
  name = 'title';
  override startUrls = ['${siteUrl}/page/1'];
  override *parse(response: TextResponse) {
    yield { title: response.css('h1::text').get() };
  }
}

const crawlerProcess = new CrawlerProcess({ LOG_LEVEL: 'WARNING', FEEDS: { 'items.jsonl': { format: 'jsonlines', overwrite: true } } });
crawlerProcess.crawl(TitleSpider);
await crawlerProcess.start();
`;
  return typescript ? source : source.replace(', type TextResponse', '').replace('(response: TextResponse)', '(response)').replaceAll('override ', '');
}
