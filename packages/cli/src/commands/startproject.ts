/** `arachne startproject <name> [dir]`: create a project directory from a template. */
import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import type { CliContext } from '../context.js';
import { UsageError } from '../errors.js';
import { projectTemplate } from '../projectTemplate.js';
import { displayPath } from '../userModule.js';
import { readVersion } from './version.js';

export function startProjectCommand(_context: CliContext): Command {
  return new Command('startproject')
    .description('create a new project: settings, a spiders directory and example components')
    .argument('<name>', 'the project name (BOT_NAME)')
    .argument('[dir]', 'where to create it (default: ./<name>); must be empty or missing')
    .action((name: string, dirArgument: string | undefined) => {
      if (!/^[A-Za-z][\w-]*$/.test(name)) throw new UsageError(`invalid project name "${name}": use letters, digits, "-" and "_", starting with a letter`);
      const dir = path.resolve(dirArgument ?? name);
      checkUsable(dir);
      const files = projectTemplate({ name, version: readVersion(new URL('../../package.json', import.meta.url)) });
      for (const [file, content] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        fs.writeFileSync(path.join(dir, file), content);
      }
      const cd = path.relative(process.cwd(), dir) ? `    cd ${shellWord(displayPath(dir))}\n` : '';
      process.stdout.write(
        `New Arachne project "${name}" created in:\n    ${dir}\n\n` +
          `You can start your first spider with:\n${cd}    arachne genspider example example.com\n    arachne crawl example\n`,
      );
    });
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
