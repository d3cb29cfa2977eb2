/** `arachne runspider <file>`: run the spider defined in a file, inside a project or not. */
import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import type { CliContext } from '../context.js';
import { addCrawlOptions, spiderArguments, type CrawlOptions } from '../crawlOptions.js';
import { UsageError } from '../errors.js';
import { loadProject } from '../project.js';
import type { SpiderEntry } from '../spiderLoader.js';
import { displayPath } from '../userModule.js';

interface RunSpiderOptions extends CrawlOptions {
  spider?: string;
}

export function runSpiderCommand({ modules }: CliContext): Command {
  return addCrawlOptions(new Command('runspider'))
    .description('run the spider defined in a .ts/.js file (no project needed)')
    .argument('<file>', 'a .ts, .mts, .js or .mjs file exporting a Spider subclass')
    .option('--spider <NAME>', 'which spider to run when the file defines several')
    .action(async (file: string, options: RunSpiderOptions) => {
      const args = spiderArguments(options);
      const spiderFile = path.resolve(file);
      if (!fs.existsSync(spiderFile) || fs.statSync(spiderFile).isDirectory()) throw new UsageError(`file not found: ${file}`);
      if (!/\.(?:ts|mts|js|mjs)$/.test(spiderFile)) throw new UsageError(`not a spider file: ${file} (expected .ts, .mts, .js or .mjs)`);
      const project = await loadProject(modules);
      const { buildSettings, spidersInModule, runCrawl } = await import('../runtime.js');
      const settings = buildSettings(project, path.dirname(spiderFile), options);
      const spider = pickSpider(spidersInModule(await modules.import(spiderFile), spiderFile), spiderFile, options.spider);
      await runCrawl(spider.spiderClass, { settings, args, modules });
    });
}

function pickSpider(spiders: SpiderEntry[], file: string, wanted: string | undefined): SpiderEntry {
  const names = spiders.map((spider) => spider.name).join(', ');
  if (spiders.length === 0) throw new UsageError(`no spider found in ${displayPath(file)}: export a class that extends Spider`);
  if (wanted !== undefined) {
    const spider = spiders.find((candidate) => candidate.name === wanted);
    if (!spider) throw new UsageError(`no spider named "${wanted}" in ${displayPath(file)} (found: ${names})`);
    return spider;
  }
  if (spiders.length > 1) throw new UsageError(`${displayPath(file)} defines several spiders (${names}): choose one with --spider NAME`);
  return spiders[0]!;
}
