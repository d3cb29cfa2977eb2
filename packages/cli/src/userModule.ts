/** Import a user's file (spider, project config, component) by path, turning any failure into one clear error. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CliError } from './errors.js';
import { ModuleCompiler } from './moduleCompiler.js';

/**
 * The user modules of one CLI run: each file is compiled (see moduleCompiler.ts)
 * and evaluated once, however many spiders, configs or components import it.
 */
export class UserModules {
  readonly #compiler = new ModuleCompiler({ resolveCore: (specifier) => import.meta.resolve(specifier) });
  readonly #loaded = new Map<string, Promise<Record<string, unknown>>>();

  /** The module at `file`; a failure is a CliError that names the file. */
  async import(file: string): Promise<Record<string, unknown>> {
    try {
      return await this.load(file);
    } catch (error) {
      throw new CliError(`cannot load ${displayPath(file)}: ${(error as Error).message}`, { cause: error });
    }
  }

  /** The module at `file`, compiled and evaluated once per path; a failure's message is its reason on one line. */
  readonly load = (file: string): Promise<Record<string, unknown>> => {
    const absolute = path.resolve(file);
    let module = this.#loaded.get(absolute);
    if (!module) {
      module = this.#compileAndImport(absolute);
      this.#loaded.set(absolute, module);
    }
    return module;
  };

  async #compileAndImport(file: string): Promise<Record<string, unknown>> {
    const url = await this.#compiler.compile(file);
    try {
      return (await import(url)) as Record<string, unknown>;
    } catch (error) {
      throw new Error(this.#describeImportFailure(error), { cause: error });
    }
  }

  /**
   * Node's reason, on one line, with compiled paths shown as their sources'; a
   * link error (an import of a name a module does not export) also names the
   * file whose import failed, which Node only gives in the stack.
   */
  #describeImportFailure(error: unknown): string {
    if (!(error instanceof Error)) return String(error);
    let message = error.message.replaceAll('\n', '; ');
    // The stack of a link error starts with `<module>:<line>`, source-mapped to the .ts file or not.
    const importer = error instanceof SyntaxError ? /^((?:file:\/\/)?\/[^\n]*?):\d+\n/.exec(error.stack ?? '')?.[1] : undefined;
    if (importer) message = `${message} (in ${importer.startsWith('file:') ? fileURLToPath(importer) : importer})`;
    return this.#compiler.toSourcePaths(message);
  }
}

/** A path relative to the working directory when it is inside it, else absolute. */
export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}
