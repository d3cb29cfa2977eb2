/**
 * `pnpm install-cli [--dir DIR] [--no-global]`: puts `arachne` on the PATH from
 * this clone, as an npm package would be installed.
 *
 * 1. Builds the packages from scratch (`pnpm build`).
 * 2. Packs @arachne/core and @arachne/cli (`pnpm pack`) into a directory of
 *    their own under DIR (default `~/.arachne/packages`), named by version and
 *    content, so a project that depends on these tarballs keeps them when a
 *    newer build is installed. The packages are not on the npm registry, so in
 *    the CLI's tarball, its dependency on @arachne/core is the core's tarball,
 *    and its package.json records both tarballs (`arachne.dependencies`) for
 *    `arachne startproject` to put in new projects.
 * 3. Installs the CLI's tarball globally with npm (their other dependencies
 *    come from the npm registry), unless `--no-global`.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: path.join(os.homedir(), '.arachne', 'packages') },
    global: { type: 'boolean', default: true },
  },
  allowNegative: true,
});
const packagesDir = path.resolve(values.dir);
if (fs.existsSync(packagesDir) && !fs.statSync(packagesDir).isDirectory()) fail(`--dir ${values.dir} is not a directory`);

function run(command: string, args: string[], cwd = root): string {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
}

function step(text: string): void {
  process.stdout.write(`\n== ${text}\n`);
}

step('building the packages');
for (const name of ['core', 'cli']) fs.rmSync(path.join(root, 'packages', name, 'dist'), { recursive: true, force: true });
run('pnpm', ['build']);

step('packing @arachne/core and @arachne/cli');
const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'arachne-pack-'));
try {
  const pack = (name: string) => {
    const output = run('pnpm', ['pack', '--pack-destination', staging], path.join(root, 'packages', name));
    const tarball = output.trim().split('\n').at(-1)!;
    if (!tarball.endsWith('.tgz') || !fs.existsSync(tarball)) throw new Error(`pnpm pack did not report a tarball for packages/${name}:\n${output}`);
    return tarball;
  };
  const coreTarball = pack('core');
  const cliTarball = pack('cli');

  const version = readManifest(path.join(root, 'packages', 'cli', 'package.json')).version as string;
  const content = createHash('sha256').update(fs.readFileSync(coreTarball)).update(fs.readFileSync(cliTarball)).digest('hex').slice(0, 12);
  const target = path.join(packagesDir, `${version}-${content}`);
  const coreTarget = path.join(target, path.basename(coreTarball));
  const cliTarget = path.join(target, path.basename(cliTarball));
  fs.mkdirSync(target, { recursive: true });
  fs.copyFileSync(coreTarball, coreTarget);

  // The CLI's manifest, pointing at the core's tarball and recording both for new projects.
  const unpacked = path.join(staging, 'cli');
  fs.mkdirSync(unpacked);
  run('tar', ['-xzf', cliTarball, '-C', unpacked]);
  const manifestFile = path.join(unpacked, 'package', 'package.json');
  const manifest = readManifest(manifestFile);
  const coreSpec = `file:${coreTarget}`;
  (manifest.dependencies as Record<string, string>)['@arachne/core'] = coreSpec;
  manifest.arachne = { dependencies: { '@arachne/cli': `file:${cliTarget}`, '@arachne/core': coreSpec } };
  fs.writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  const repacked = run('npm', ['pack', '--silent', '--pack-destination', staging], path.join(unpacked, 'package')).trim().split('\n').at(-1)!;
  fs.copyFileSync(path.join(staging, repacked), cliTarget);
  process.stdout.write(`${coreTarget}\n${cliTarget}\n`);

  if (values.global) {
    step('installing @arachne/cli globally with npm');
    // npm 11's allow-scripts: esbuild's install script (which checks its binary) may run.
    const allowScripts = run('npm', ['config', 'get', 'allow-scripts']).trim() === 'undefined' ? [] : ['--allow-scripts=esbuild'];
    try {
      run('npm', ['install', '--global', '--no-fund', '--no-audit', ...allowScripts, cliTarget]);
    } catch {
      fail(
        `npm could not install ${cliTarget} globally (its error is above). If npm's global folder is not writable, ` +
          'give npm one of your own: `npm config set prefix ~/.local`, put ~/.local/bin on your PATH, and run `pnpm install-cli` again (docs/install.md).',
      );
    }
    const binDir = path.join(run('npm', ['prefix', '--global']).trim(), process.platform === 'win32' ? '' : 'bin');
    const onPath = (process.env.PATH ?? '').split(path.delimiter).some((dir) => path.resolve(dir) === binDir);
    process.stdout.write(`\narachne is installed in ${binDir}${onPath ? '' : ` — not on your PATH: add it (export PATH="${binDir}:$PATH")`}\n`);
    process.stdout.write('Try: arachne version && arachne startproject shop\n');
  }
} finally {
  fs.rmSync(staging, { recursive: true, force: true });
}

function fail(message: string): never {
  process.stderr.write(`install-cli: error: ${message}\n`);
  process.exit(1);
}

function readManifest(file: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
}
