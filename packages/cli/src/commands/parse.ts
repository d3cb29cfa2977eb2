/** `arachne parse <url> --spider NAME [-c CALLBACK]`: run one callback on one page and show what it yields. */
import { Command } from 'commander';
import type { CliContext } from '../context.js';
import { addLogOptions, addSettingsOptions, addSpiderArgumentOption, spiderArguments, type LogOptions, type SettingsOptions } from '../crawlOptions.js';
import { UsageError } from '../errors.js';
import { loadProject } from '../project.js';

interface ParseOptions extends SettingsOptions, LogOptions {
  spider: string;
  callback: string;
  arg: string[];
}

export function parseCommand({ modules }: CliContext): Command {
  const command = addSettingsOptions(new Command('parse'))
    .description("download a URL with a project spider's settings, run one of its callbacks on the page, and print the items and requests it yields")
    .argument('<url>', 'an absolute http(s) URL')
    .requiredOption('--spider <NAME>', 'the project spider whose callback to run')
    .option('-c, --callback <METHOD>', 'the spider method to call with the response', 'parse');
  return addLogOptions(addSpiderArgumentOption(command)).action(async (url: string, options: ParseOptions) => {
    if (!/^https?:\/\//i.test(url)) throw new UsageError(`invalid URL "${url}": give an absolute http(s) URL, e.g. https://${url}`);
    const project = await loadProject(modules);
    if (!project) throw new UsageError('parse needs a project: no arachne.config.ts here or in any parent directory');
    const { buildSettings, loadProjectSpiders, spiderNamed, fetchUrl, runCallback, formatCallbackResult } = await import('../runtime.js');
    const settings = buildSettings(project, process.cwd(), options);
    const { spiderClass } = spiderNamed(await loadProjectSpiders(modules, project.dir, settings.get('SPIDER_MODULES')), options.spider);
    let report = '';
    await fetchUrl(url, settings, {
      followRedirects: true,
      modules,
      spiderClass,
      args: spiderArguments(options),
      inspect: async (spider, response) => {
        report = formatCallbackResult(await runCallback(spider, response, options.callback), spider);
      },
    });
    process.stdout.write(report);
  });
}
