/** `arachne startproject <name> [dir]`: create a project directory from a template. */
import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import type { CliContext } from '../context.js';
import { UsageError, printWarning } from '../errors.js';
import { projectTemplate, type ProjectTemplateOptions } from '../projectTemplate.js';
import { displayPath } from '../userModule.js';

export function startProjectCommand(_context: CliContext): Command {
  return new Command('startproject')
    .description('create a new project: settings, a spiders directory and example components')
    .argument('<name>', 'the project name (BOT_NAME)')
    .argument('[dir]', 'where to create it (default: ./<name>); must be empty or missing')
    .action((name: string, dirArgument: string | undefined) => {
      if (!/^[A-Za-z][\w-]*$/.test(name)) throw new UsageError(`invalid project name "${name}": use letters, digits, "-" and "_", starting with a letter`);
      const dir = path.resolve(dirArgument ?? name);
      checkUsable(dir);
      const files = projectTemplate({ name, ...projectDependencies() });
      for (const [file, content] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        fs.writeFileSync(path.join(dir, file), content);
      }
      const cd = path.relative(process.cwd(), dir) ? `    cd ${shellWord(displayPath(dir))}\n` : '';
      process.stdout.write(
        `New Arachne project "${name}" created in:\n    ${dir}\n\n` +
          `Install its dependencies (for tsc, your editor and \`npm run crawl\`), then start your first spider:\n${cd}    npm install\n    arachne genspider example example.com\n    arachne crawl example\n`,
      );
    });
}

/**
 * What the project's package.json asks for. `pnpm install-cli` records in the
 * CLI's package.json the tarballs it packed on this machine (`arachne.dependencies`),
 * as the packages are not on the npm registry; a CLI run from its repository
 * has none, so the project asks for the version on the registry, with a warning.
 */
function projectDependencies(): Pick<ProjectTemplateOptions, 'dependencies' | 'dependenciesNote'> {
  const manifest = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string; arachne?: { dependencies?: Record<string, string> } };
  const tarballs = manifest.arachne?.dependencies;
  if (tarballs) {
    const dir = path.dirname(tarballs['@arachne/core']!.replace(/^file:/, ''));
    return {
      dependencies: tarballs,
      dependenciesNote: `@arachne/core and @arachne/cli are not on the npm registry: these are the tarballs that \`pnpm install-cli\` packed on this machine, in ${dir}`,
    };
  }
  printWarning(
    `this arachne runs from its repository, so the project asks the npm registry for @arachne/core and @arachne/cli ^${manifest.version}, which it does not have: ` +
      'install the CLI with `pnpm install-cli` in the repository, and create projects with that `arachne`, to depend on the packages on this machine',
  );
  const range = `^${manifest.version}`;
  return { dependencies: { '@arachne/cli': range, '@arachne/core': range } };
}

/** The project goes into a new or empty directory only. */
function checkUsable(dir: string): void {
  let entries: string[];
  try {
    entries = fs.readdirSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    if (code === 'ENOTDIR') throw new UsageError(`${displayPath(dir)} exists and is not a directory`);
    throw error;
  }
  if (entries.length > 0) throw new UsageError(`${displayPath(dir)} already exists and is not empty`);
}

/** A path as one word for a POSIX shell. */
function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
}
