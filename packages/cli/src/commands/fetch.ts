/** `arachne fetch <url>`: download a page through the middleware stack and print its body. */
import { Command } from 'commander';
import type { CliContext } from '../context.js';
import type { Response } from '@arachne/core';
import { addLogOptions, addSettingsOptions, type LogOptions, type SettingsOptions } from '../crawlOptions.js';
import { UsageError } from '../errors.js';
import { loadProject } from '../project.js';

interface FetchOptions extends SettingsOptions, LogOptions {
  spider?: string;
  headers?: boolean;
  redirect: boolean;
}

export function fetchCommand({ modules }: CliContext): Command {
  const command = addSettingsOptions(new Command('fetch'))
    .description('download a URL as a crawl would (project settings, middlewares) and print the body to stdout')
    .argument('<url>', 'an absolute http(s) URL')
    .option('--spider <NAME>', "use this project spider's settings and attributes (e.g. its user agent)")
    .option('--headers', 'print the request and response headers instead of the body')
    .option('--no-redirect', 'do not follow redirects: print the 3xx response');
  return addLogOptions(command).action(async (url: string, options: FetchOptions) => {
    if (!/^https?:\/\//i.test(url)) throw new UsageError(`invalid URL "${url}": give an absolute http(s) URL, e.g. https://${url}`);
    const project = await loadProject(modules);
    const { buildSettings, loadProjectSpiders, spiderNamed, fetchUrl } = await import('../runtime.js');
    const settings = buildSettings(project, process.cwd(), options);
    let spiderClass;
    if (options.spider !== undefined) {
      if (!project) throw new UsageError('--spider needs a project: no arachne.config.ts here or in any parent directory');
      spiderClass = spiderNamed(await loadProjectSpiders(modules, project.dir, settings.get('SPIDER_MODULES')), options.spider).spiderClass;
    }
    const response = await fetchUrl(url, settings, { followRedirects: options.redirect, spiderClass, modules });
    process.stdout.write(options.headers ? describeHeaders(response) : response.body);
  });
}

/** As Scrapy's `fetch --headers`: `> ` request headers, a lone `>`, then the `< ` status and response headers. */
function describeHeaders(response: Response): string {
  const lines = [...response.request.headers].map(([name, value]) => `> ${name}: ${value}`);
  lines.push('>', `< ${response.status}`);
  for (const [name, value] of response.headers) lines.push(`< ${name}: ${value}`);
  return `${lines.join('\n')}\n`;
}
