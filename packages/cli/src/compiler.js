/**
 * TypeScript for the `arachne` command, compiled in this thread by esbuild.
 *
 * Node 20 runs module loader hooks (what tsx uses) on a separate thread with
 * its own heap: about 30 MB of memory for as long as the crawl runs. Instead,
 * the CLI and @arachne/core are bundled once into a cache directory (again
 * when a source file changes), and each user module (a spider file, the
 * project's config, a component given by path) is bundled with its local
 * imports when it is loaded, as Vite loads its config file. Packages a bundle
 * imports stay imports, resolved at build time to absolute paths, so a bundle
 * runs from the cache directory; `@arachne/core` always means the CLI's own
 * bundle, so user code and the CLI share one `Spider` class. Each file keeps
 * its own `import.meta.url`, `import.meta.dirname` and `import.meta.filename`.
 *
 * Plain JavaScript: it runs before anything can compile TypeScript.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire, isBuiltin } from 'node:module';
import { build, stop } from 'esbuild';

const cliDir = fileURLToPath(new URL('..', import.meta.url));
const coreDir = path.dirname(createRequire(path.join(cliDir, 'package.json')).resolve('@arachne/core/package.json'));
const SOURCE = /\.(?:[cm]?[jt]sx?)$/;
const TEST_FILE = /\.test\.[cm]?[jt]s$|\/fixtures\//;
// Lets CommonJS code inside a bundle `require()` Node's built-in modules.
const REQUIRE_BANNER = "import { createRequire as __arachneCreateRequire } from 'node:module'; const require = __arachneCreateRequire(import.meta.url);";

/** Where bundles go: the CLI package's `.cache`, or a directory in the system's temp dir when that is read-only. */
function cacheDir() {
  const own = path.join(cliDir, '.cache');
  try {
    fs.mkdirSync(own, { recursive: true });
    fs.accessSync(own, fs.constants.W_OK);
    return own;
  } catch {
    const shared = path.join(os.tmpdir(), `arachne-${createHash('sha1').update(cliDir).digest('hex').slice(0, 12)}`);
    fs.mkdirSync(shared, { recursive: true });
    return shared;
  }
}

/**
 * A hash of the sources' paths, sizes and times, and of where the packages
 * they import are installed: a new one whenever a source changes or a
 * dependency is upgraded (bundles import dependencies by absolute path).
 */
function sourceStamp(packageDirs) {
  const hash = createHash('sha1');
  for (const dir of packageDirs) {
    const { dependencies = {} } = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    for (const name of Object.keys(dependencies)) {
      try {
        hash.update(`${name}\0${fs.realpathSync(path.join(dir, 'node_modules', name))}\n`);
      } catch {
        hash.update(`${name}\0missing\n`);
      }
    }
  }
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(file);
      } else if (SOURCE.test(entry.name) && !TEST_FILE.test(file)) {
        const { size, mtimeMs } = fs.statSync(file);
        hash.update(`${file}\0${size}\0${mtimeMs}\n`);
      }
    }
  };
  for (const dir of packageDirs) walk(path.join(dir, 'src'));
  return hash.digest('hex').slice(0, 16);
}

/**
 * The esbuild plugin shared by every bundle: packages stay imports (by
 * absolute path), `@arachne/core` is the CLI's core bundle, and each source
 * file outside node_modules keeps its own `import.meta` values.
 */
function arachnePlugin(coreUrl) {
  return {
    name: 'arachne',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData === BARE || /^[a-zA-Z]:[\\/]|^file:/.test(args.path)) return undefined;
        if (isBuiltin(args.path)) return { path: args.path, external: true };
        if (coreUrl && args.path === '@arachne/core') return { path: coreUrl, external: true };
        const resolved = await pluginBuild.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: BARE });
        if (resolved.errors.length > 0) {
          return { errors: [{ text: `Cannot find package '${packageName(args.path)}' imported from ${args.importer}`, detail: 'unresolved' }] };
        }
        // A package shipped as TypeScript (a workspace package, say) is compiled in; Node cannot import it as it is.
        if (/\.[cm]?tsx?$/.test(resolved.path)) return { path: resolved.path };
        return { path: pathToFileURL(resolved.path).href, external: true };
      });
      pluginBuild.onLoad({ filter: SOURCE }, async (args) => {
        if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
        const contents = await fs.promises.readFile(args.path, 'utf8');
        // On the first line, so line numbers in stack traces stay the file's own.
        const meta = `const __arachne_import_meta_url = ${JSON.stringify(pathToFileURL(args.path).href)}, __arachne_import_meta_dirname = ${JSON.stringify(path.dirname(args.path))}, __arachne_import_meta_filename = ${JSON.stringify(args.path)};`;
        const shebang = contents.startsWith('#!') ? contents.slice(0, contents.indexOf('\n') + 1) : '';
        return { contents: shebang + meta + contents.slice(shebang.length), loader: loaderFor(args.path) };
      });
    },
  };
}

/** Marks the plugin's own resolve calls, which must not come back to it. */
const BARE = Symbol('bare import');

function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function loaderFor(file) {
  const extension = path.extname(file).slice(1);
  if (extension === 'mts' || extension === 'cts') return 'ts';
  if (extension === 'mjs' || extension === 'cjs') return 'js';
  return extension;
}

const COMMON_OPTIONS = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'silent',
  define: {
    'import.meta.url': '__arachne_import_meta_url',
    'import.meta.dirname': '__arachne_import_meta_dirname',
    'import.meta.filename': '__arachne_import_meta_filename',
  },
  banner: { js: REQUIRE_BANNER },
  // Stack traces point into the sources on disk; the maps need not carry their text (megabytes kept in memory).
  sourcemap: 'inline',
  sourcesContent: false,
};

/**
 * The compiled CLI and core, built now if a source changed since the last
 * build. Returns the URL of the CLI's entry module.
 */
export async function compiledCli() {
  const dir = cacheDir();
  const stamp = sourceStamp([coreDir, cliDir]);
  const coreFile = path.join(dir, `core-${stamp}.mjs`);
  const cliOut = path.join(dir, `cli-${stamp}`);
  const cliEntry = path.join(cliOut, 'main.js');
  const coreUrl = pathToFileURL(coreFile).href;
  if (!fs.existsSync(coreFile) || !fs.existsSync(cliEntry)) {
    // Built beside the final names and renamed into place: CLIs started at the same time may build at once.
    const temp = `${process.pid}-${Date.now()}`;
    await build({ ...COMMON_OPTIONS, entryPoints: [path.join(coreDir, 'src', 'index.ts')], outfile: `${coreFile}.${temp}`, plugins: [arachnePlugin(null)] });
    fs.renameSync(`${coreFile}.${temp}`, coreFile);
    await build({
      ...COMMON_OPTIONS,
      entryPoints: { main: path.join(cliDir, 'src', 'main.ts') },
      outdir: `${cliOut}.${temp}`,
      splitting: true, // commands load the crawl machinery lazily, so `version` and `--help` stay quick
      define: { ...COMMON_OPTIONS.define, __ARACHNE_CORE_URL__: JSON.stringify(coreUrl) },
      plugins: [arachnePlugin(coreUrl)],
    });
    try {
      fs.renameSync(`${cliOut}.${temp}`, cliOut);
    } catch {
      fs.rmSync(`${cliOut}.${temp}`, { recursive: true, force: true }); // another CLI got there first
    }
    removeStaleBuilds(dir, stamp);
    await stop();
  }
  return pathToFileURL(cliEntry).href;
}

function removeStaleBuilds(dir, stamp) {
  for (const name of fs.readdirSync(dir)) {
    if (/^(?:core|cli)-[0-9a-f]{16}/.test(name) && !name.includes(stamp)) fs.rmSync(path.join(dir, name), { recursive: true, force: true });
  }
}

let userBuilds = 0;

/**
 * Compile a user module (with its local imports) to a bundle in the cache
 * directory, with `@arachne/core` meaning the module at `coreUrl`. Returns the
 * bundle's URL. Throws esbuild's failure; `describeBuildFailure` words it.
 */
export async function compileUserModule(file, coreUrl) {
  const outfile = path.join(cacheDir(), 'user', `${path.basename(file).replace(/\.[^.]*$/, '')}-${process.pid}-${++userBuilds}.mjs`);
  try {
    await build({ ...COMMON_OPTIONS, entryPoints: [file], outfile, plugins: [arachnePlugin(coreUrl)] });
  } finally {
    await stop(); // esbuild's service process would otherwise stay for the whole crawl; the next build starts it again
  }
  return pathToFileURL(outfile).href;
}

/** The first error of an esbuild failure on one line: `file:line:column: ERROR: text`, or the text of an unresolved package. */
export function describeBuildFailure(error) {
  const first = error?.errors?.[0];
  if (!first) return undefined;
  if (first.detail === 'unresolved' || !first.location) return first.text;
  const { file, line, column } = first.location;
  return `${path.resolve(file)}:${line}:${column}: ERROR: ${first.text}`;
}
