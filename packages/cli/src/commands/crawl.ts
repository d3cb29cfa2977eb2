/** `arachne crawl <spider>`: run one of the project's spiders. */
import { Command } from 'commander';
import type { CliContext } from '../context.js';
import { addCrawlOptions, spiderArguments, type CrawlOptions } from '../crawlOptions.js';
import { UsageError } from '../errors.js';
import { loadProject } from '../project.js';

export function crawlCommand({ modules }: CliContext): Command {
  return addCrawlOptions(new Command('crawl'))
    .description("run one of the project's spiders")
    .argument('<spider>', 'the spider name (see `arachne list`)')
    .action(async (name: string, options: CrawlOptions) => {
      const args = spiderArguments(options);
      const project = await loadProject(modules);
      if (!project) {
        throw new UsageError(`crawl needs a project: no arachne.config.ts in ${process.cwd()} or any parent directory. To run a spider file, use: arachne runspider <file.ts>`);
      }
      const { buildSettings, loadProjectSpiders, spiderNamed, runCrawl } = await import('../runtime.js');
      const settings = buildSettings(project, project.dir, options);
      const spider = spiderNamed(await loadProjectSpiders(modules, project.dir, settings.get('SPIDER_MODULES')), name);
      await runCrawl(spider.spiderClass, { settings, args, modules });
    });
}
