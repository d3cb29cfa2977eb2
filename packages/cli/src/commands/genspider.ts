/** `arachne genspider <name> <domain>`: write a new spider file from a template. */
import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import type { CliContext } from '../context.js';
import { CliError, UsageError } from '../errors.js';
import { loadProject } from '../project.js';
import { spiderTemplate } from '../spiderTemplate.js';
import { displayPath } from '../userModule.js';

interface GenSpiderOptions {
  dir?: string;
  force?: boolean;
}

export function genSpiderCommand({ modules }: CliContext): Command {
  return new Command('genspider')
    .description("write a new spider file into the project's first SPIDER_MODULES directory (or the current one)")
    .argument('<name>', 'the spider name; the file is <name>.ts')
    .argument('<domain>', 'the domain to crawl (example.com), or a start URL (https://example.com/catalogue)')
    .option('--dir <DIR>', 'write the file into DIR instead')
    .option('--force', 'replace an existing file')
    .action(async (name: string, domain: string, options: GenSpiderOptions) => {
      if (!/^[A-Za-z][\w-]*$/.test(name)) throw new UsageError(`invalid spider name "${name}": use letters, digits, "-" and "_", starting with a letter`);
      const target = parseTarget(domain);
      const project = await loadProject(modules);
      let dir = options.dir === undefined ? process.cwd() : path.resolve(options.dir);
      if (project) {
        const { buildSettings, loadProjectSpiders } = await import('../runtime.js');
        const spiderModules = buildSettings(project, project.dir).get('SPIDER_MODULES');
        if (options.dir === undefined) dir = spiderDirectory(project.dir, spiderModules);
        const existing = (await loadProjectSpiders(modules, project.dir, spiderModules, { warnUnmatched: false })).get(name);
        if (existing && !options.force) throw new CliError(`a spider named "${name}" already exists in ${displayPath(existing.file)}`);
      }
      const file = path.join(dir, `${name}.ts`);
      if (fs.existsSync(file) && !options.force) throw new CliError(`${displayPath(file)} already exists (use --force to replace it)`);
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(file, spiderTemplate({ name, ...target }));
      process.stdout.write(`Created spider "${name}" in ${displayPath(file)}\n`);
    });
}

/** `example.com` or a URL: the domain the spider keeps to and where it starts. */
function parseTarget(text: string): { domain: string; startUrl: string } {
  const hasScheme = /^[a-z][\w+.-]*:\/\//i.test(text);
  let url: URL;
  try {
    url = new URL(hasScheme ? text : `https://${text}`);
  } catch {
    throw new UsageError(`invalid domain or URL "${text}"`);
  }
  if (!url.hostname || (!hasScheme && url.pathname !== '/')) throw new UsageError(`invalid domain "${text}": give a domain (example.com) or a full URL`);
  return { domain: url.hostname, startUrl: hasScheme ? url.href : `https://${url.hostname}/` };
}

/** The first SPIDER_MODULES entry that names one directory (no wildcard). */
function spiderDirectory(projectDir: string, spiderModules: readonly string[]): string {
  const literal = spiderModules.find((entry) => !/[*?]/.test(entry) && !/\.[cm]?[jt]s$/.test(entry));
  if (literal === undefined) throw new UsageError(`SPIDER_MODULES (${spiderModules.join(', ')}) names no single directory: choose one with --dir`);
  return path.resolve(projectDir, literal);
}
