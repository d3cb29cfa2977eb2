#!/usr/bin/env node
// The `arachne` command. Runs the CLI's built JavaScript (dist/, made by `pnpm build`), with source maps on
// so that stack traces name the TypeScript sources. Run from a project that has its own @arachne/cli
// installed, it hands over to that copy: the project's spiders, its @arachne/core and the packages it
// installed then share one copy of the core, at the version the project asked for.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

process.setSourceMapsEnabled(true);

const ownDir = fs.realpathSync(fileURLToPath(new URL('..', import.meta.url)));
const projectCli = installedCliDir(process.cwd());

if (projectCli && projectCli !== ownDir) {
  await import(pathToFileURL(path.join(projectCli, 'bin', 'arachne.js')).href);
} else {
  const main = path.join(ownDir, 'dist', 'main.js');
  if (!fs.existsSync(main)) {
    process.stderr.write(`arachne: error: the CLI is not built (${main} is missing): run \`pnpm install\` (or \`pnpm build\`) in the Arachne repository\n`);
    process.exit(1);
  }
  await import(pathToFileURL(main).href);
}

/** The @arachne/cli installed in a node_modules at or above `dir`, if any (NODE_PATH and global folders do not count). */
function installedCliDir(dir) {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const manifest = path.join(current, 'node_modules', '@arachne', 'cli', 'package.json');
    if (fs.existsSync(manifest)) return fs.realpathSync(path.dirname(manifest));
    if (path.dirname(current) === current) return undefined;
  }
}
