/**
 * `arachne settings [--get KEY | --docs [DECLARER]]`: the settings a crawl here
 * would start with (before spider `customSettings`), or a reference of them
 * made from their declarations.
 */
import { Command } from 'commander';
import type { CliContext } from '../context.js';
import { addSettingsOptions, type SettingsOptions } from '../crawlOptions.js';
import { loadProject } from '../project.js';

interface SettingsCommandOptions extends SettingsOptions {
  get?: string;
  docs?: string | true;
}

export function settingsCommand({ modules }: CliContext): Command {
  return addSettingsOptions(new Command('settings'))
    .description('print the effective settings (defaults, project, -s), or one with --get')
    .option('--get <KEY>', 'print one setting: strings as they are, other values as JSON')
    .option('--docs [DECLARER]', 'print a Markdown reference of the declared settings (only those DECLARER declares, e.g. a component name)')
    .action(async (options: SettingsCommandOptions) => {
      const project = await loadProject(modules);
      const { buildSettings, declareComponentSettings, settingsReference } = await import('../runtime.js');
      const settings = buildSettings(project, process.cwd(), options);
      // The settings the components named here declare are listed too; a key nobody declares is an error.
      await declareComponentSettings(settings, { loadModule: modules.load });
      if (options.docs !== undefined) {
        process.stdout.write(`${settingsReference(settings, options.docs === true ? undefined : options.docs)}\n`);
        return;
      }
      if (options.get === undefined) {
        process.stdout.write(`${JSON.stringify(settings.toObject(), null, 2)}\n`);
        return;
      }
      const value = settings.getRaw(options.get);
      process.stdout.write(`${typeof value === 'string' ? value : JSON.stringify(value)}\n`);
    });
}
