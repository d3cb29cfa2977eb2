/** `arachne list`: the names of the project's spiders, sorted, one per line. */
import { Command } from 'commander';
import type { CliContext } from '../context.js';
import { addSettingsOptions, type SettingsOptions } from '../crawlOptions.js';
import { UsageError } from '../errors.js';
import { loadProject } from '../project.js';

export function listCommand({ modules }: CliContext): Command {
  return addSettingsOptions(new Command('list'))
    .description("list the project's spiders")
    .action(async (options: SettingsOptions) => {
      const project = await loadProject(modules);
      if (!project) throw new UsageError(`list needs a project: no arachne.config.ts in ${process.cwd()} or any parent directory`);
      const { buildSettings, loadProjectSpiders } = await import('../runtime.js');
      const settings = buildSettings(project, project.dir, options);
      const spiders = await loadProjectSpiders(modules, project.dir, settings.get('SPIDER_MODULES'));
      for (const name of [...spiders.keys()].sort()) process.stdout.write(`${name}\n`);
    });
}
