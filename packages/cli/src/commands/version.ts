/** `arachne version [-v]`: the Arachne version; with -v, the runtime's and key dependencies' too. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Command } from 'commander';
import type { CliContext } from '../context.js';

export function versionCommand(_context: CliContext): Command {
  return new Command('version')
    .description('print the Arachne version')
    .option('-v, --verbose', 'also print the versions of Node.js, the platform and key dependencies')
    .action((options: { verbose?: boolean }) => {
      const cliPackage = new URL('../../package.json', import.meta.url);
      const corePackage = createRequire(cliPackage).resolve('@arachne/core/package.json');
      const core = readVersion(corePackage);
      if (!options.verbose) {
        process.stdout.write(`Arachne ${core}\n`);
        return;
      }
      const rows: Array<[string, string]> = [
        ['Arachne', core],
        ['@arachne/cli', readVersion(cliPackage)],
        ['Node.js', process.versions.node],
        ['esbuild', dependencyVersion('esbuild', cliPackage)],
        ['commander', dependencyVersion('commander', cliPackage)],
        ['got', dependencyVersion('got', corePackage)],
        ['cheerio', dependencyVersion('cheerio', corePackage)],
        ['Platform', `${os.type()} ${os.release()} ${os.arch()}`],
      ];
      const width = Math.max(...rows.map(([name]) => name.length));
      for (const [name, version] of rows) process.stdout.write(`${name.padEnd(width)} : ${version}\n`);
    });
}

export function readVersion(packageJson: string | URL): string {
  return (JSON.parse(fs.readFileSync(packageJson, 'utf8')) as { version: string }).version;
}

/** The installed version of `name` as seen from a package (its package.json may not be exported). */
function dependencyVersion(name: string, fromPackage: string | URL): string {
  const lookup = createRequire(fromPackage).resolve.paths(name) ?? [];
  const found = lookup.map((dir) => path.join(dir, name, 'package.json')).find((file) => fs.existsSync(file));
  return found ? readVersion(found) : 'not installed';
}
