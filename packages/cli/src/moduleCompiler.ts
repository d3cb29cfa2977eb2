/**
 * Compiles a user's TypeScript (a spider file, the project's config, a
 * component given by path) to JavaScript modules Node can import, one output
 * file per source file, so that every file is one module: a helper imported by
 * two spiders is evaluated once, and its classes and registries are shared.
 *
 * Each source file is compiled alone by esbuild (types stripped, as with
 * `isolatedModules`; the file's own tsconfig.json is honoured), into a
 * directory that mirrors the file's absolute path. Its imports are rewritten:
 * a local source file it imports becomes the relative path to that file's
 * compiled copy (and is compiled in turn), a package becomes the URL of the
 * file esbuild resolves from the source's directory, and `@arachne/core` the
 * CLI's own copy, so user code and the CLI share one `Spider` class. Each file
 * keeps its own `import.meta.url`, `dirname` and `filename`, and an inline
 * source map, so stack traces name the `.ts` file and line.
 *
 * Why not module loader hooks (what tsx uses): on Node 20 they run on a
 * separate thread with its own heap, for as long as the crawl runs.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isBuiltin } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { BuildFailure, Message, Plugin } from 'esbuild';

/** Files compiled into the mirror; others (JSON, CommonJS, native addons, packages' JavaScript) are imported where they are. */
const COMPILED = /\.(?:ts|mts|tsx|js|mjs|jsx)$/;
const TYPESCRIPT = /\.(?:ts|mts|tsx)$/;
const IN_NODE_MODULES = `${path.sep}node_modules${path.sep}`;

/** Marks the plugin's own `resolve` calls, which must not come back to it. */
const OWN_RESOLVE = Symbol('own resolve');

export interface ModuleCompilerOptions {
  /** What `@arachne/core` (and its subpaths) means in user code: resolves a specifier to a URL. */
  resolveCore: (specifier: string) => string;
}

export class ModuleCompiler {
  readonly #resolveCore: (specifier: string) => string;
  #outDir: string | undefined;
  /** Source path → its imports that need compiling too, once compiled. */
  readonly #compiled = new Map<string, Promise<string[]>>();
  /** Source path → output path, and back. */
  readonly #outputs = new Map<string, string>();
  readonly #sources = new Map<string, string>();
  #running = 0;

  constructor({ resolveCore }: ModuleCompilerOptions) {
    this.#resolveCore = resolveCore;
  }

  /** Compile `file` and every source file it imports (directly or not); returns the URL of its compiled module. */
  async compile(file: string): Promise<string> {
    // By its real path, as esbuild resolves imports: a file reached through a symlink is still one module.
    const entry = realPath(path.resolve(file));
    this.#running++;
    try {
      const seen = new Set([entry]);
      for (let frontier = [entry]; frontier.length > 0; ) {
        const imports = (await Promise.all(frontier.map((source) => this.#compileFile(source)))).flat();
        frontier = [...new Set(imports)].filter((source) => !seen.has(source));
        for (const source of frontier) seen.add(source);
      }
    } finally {
      // esbuild's service process would otherwise stay for the whole crawl; the next compile starts it again.
      if (--this.#running === 0) await (await import('esbuild')).stop();
    }
    return pathToFileURL(this.#outputOf(entry)).href;
  }

  /** `text` with the paths and URLs of compiled files replaced by their sources' paths (for error messages). */
  toSourcePaths(text: string): string {
    if (!this.#outDir) return text;
    const outDir = this.#outDir;
    const compiledPath = new RegExp(`(?:${escapeRegExp(pathToFileURL(outDir).href)}|${escapeRegExp(outDir)})(/[^\\s'"\`:)]*)`, 'g');
    return text.replace(compiledPath, (match, rest: string) => this.#sources.get(path.join(outDir, safeDecode(rest))) ?? match);
  }

  /** Remove the compiled files (also done when the process exits). */
  dispose(): void {
    if (this.#outDir) fs.rmSync(this.#outDir, { recursive: true, force: true });
  }

  #compileFile(source: string): Promise<string[]> {
    let compiled = this.#compiled.get(source);
    if (!compiled) {
      compiled = this.#build(source);
      this.#compiled.set(source, compiled);
    }
    return compiled;
  }

  async #build(source: string): Promise<string[]> {
    const { build } = await import('esbuild');
    const outfile = this.#outputOf(source);
    const imports = new Set<string>();
    const url = pathToFileURL(source).href;
    let result;
    try {
      result = await build({
        entryPoints: [source],
        outfile,
        write: false,
        // Bundling only to have every import resolved by esbuild; the plugin keeps each of them an import.
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: `node${process.versions.node}`,
        logLevel: 'silent',
        sourcemap: 'inline',
        // Stack traces point into the sources on disk; the maps need not carry their text.
        sourcesContent: false,
        define: {
          'import.meta.url': JSON.stringify(url),
          'import.meta.dirname': JSON.stringify(path.dirname(source)),
          'import.meta.filename': JSON.stringify(source),
        },
        plugins: [this.#importsPlugin(source, imports)],
      });
    } catch (error) {
      throw new ModuleCompileError(error as BuildFailure);
    }
    // esbuild bundles the files an import() with a computed path could mean (`import(\`./pages/${name}.js\`)`);
    // here each file must stay a module of its own, so such an import is refused (see the plugin's onLoad).
    const glob = result.warnings.find((warning) => warning.text.startsWith('The glob pattern'));
    if (glob) throw new ModuleCompileError({ errors: [computedImportMessage(glob)], warnings: [] });
    const output = result.outputFiles[0]!;
    await fs.promises.mkdir(path.dirname(outfile), { recursive: true });
    await fs.promises.writeFile(outfile, output.contents);
    return [...imports];
  }

  /** Keeps every import an import, rewritten for the compiled copy; collects the source files to compile next. */
  #importsPlugin(importer: string, imports: Set<string>): Plugin {
    const importerDir = path.dirname(this.#outputOf(importer));
    return {
      name: 'arachne-imports',
      setup: (pluginBuild) => {
        pluginBuild.onResolve({ filter: /.*/ }, async (args) => {
          if (args.kind === 'entry-point' || args.pluginData === OWN_RESOLVE) return undefined;
          const specifier = args.path;
          if (isBuiltin(specifier) || /^(?:data|node|https?):/.test(specifier)) return { path: specifier, external: true };
          if (specifier === '@arachne/core' || specifier.startsWith('@arachne/core/')) return { path: this.#resolveCore(specifier), external: true };
          const resolved = await pluginBuild.resolve(specifier, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, with: args.with, pluginData: OWN_RESOLVE });
          if (resolved.errors.length > 0 || !resolved.path) {
            const what = /^[./]|^[a-zA-Z]:[\\/]|^file:/.test(specifier) ? 'module' : 'package';
            return { errors: [{ text: `Cannot find ${what} '${specifier}'`, detail: 'unresolved' }] };
          }
          if (resolved.external || resolved.namespace !== 'file') return { path: specifier, external: true };
          const target = resolved.path;
          if (COMPILED.test(target) && (!target.includes(IN_NODE_MODULES) || TYPESCRIPT.test(target))) {
            imports.add(target);
            let relative = path.relative(importerDir, this.#outputOf(target)).split(path.sep).join('/');
            if (!relative.startsWith('.')) relative = `./${relative}`;
            return { path: relative, external: true };
          }
          return { path: pathToFileURL(target).href + resolved.suffix, external: true };
        });
        // Every import is external, so esbuild loads another file only for an import() with a computed path.
        pluginBuild.onLoad({ filter: /.*/ }, (args) => {
          if (args.path === importer) return undefined;
          return { errors: [{ text: `an import() with a computed path could load ${args.path}`, detail: 'computed import' }] };
        });
      },
    };
  }

  /** Where a source file's compiled module goes: the same path under the output directory, as `.js`/`.mjs`. */
  #outputOf(source: string): string {
    let output = this.#outputs.get(source);
    if (output) return output;
    const root = this.#outputDirectory();
    const base = path.join(root, path.resolve(source).slice(path.parse(source).root.length));
    output = base.replace(/\.(?:ts|tsx|jsx)$/, '.js').replace(/\.mts$/, '.mjs');
    // `helper.ts` and `helper.js` side by side: the second one keeps its extension in its name.
    if (this.#sources.has(output)) output = `${base}.js`;
    this.#outputs.set(source, output);
    this.#sources.set(output, source);
    return output;
  }

  #outputDirectory(): string {
    if (!this.#outDir) {
      this.#outDir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'arachne-modules-')));
      // The compiled files are ES modules whatever the project's package.json says.
      fs.writeFileSync(path.join(this.#outDir, 'package.json'), '{ "type": "module" }\n');
      process.once('exit', () => this.dispose());
    }
    return this.#outDir;
  }
}

/** A user module that esbuild could not compile; `message` is its first error on one line, `file:line:column: text`. */
export class ModuleCompileError extends Error {
  override name = 'ModuleCompileError';

  constructor(failure: Pick<BuildFailure, 'errors' | 'warnings'>) {
    super(describeFailure(failure.errors[0]), { cause: failure });
  }
}

function describeFailure(message: Message | undefined): string {
  if (!message) return 'compilation failed';
  const location = message.location ? `${path.resolve(message.location.file)}:${message.location.line}:${message.location.column + 1}` : '';
  if (message.detail === 'unresolved') return `${message.text} imported from ${location}`;
  const text = message.detail === 'computed import' || message.text.startsWith('The glob pattern') ? COMPUTED_IMPORT : message.text;
  return location ? `${location}: ${text}` : text;
}

const COMPUTED_IMPORT = 'import() of a local file by a computed path is not supported: give import() a literal path, one per file';

function computedImportMessage(warning: Message): Message {
  return { ...warning, detail: 'computed import' };
}

function realPath(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`Cannot find module '${file}'`);
    throw error;
  }
}

/** A path from a file URL, percent-decoded; a plain path with a stray `%` as it is. */
function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
