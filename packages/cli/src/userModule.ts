/** Import a user's file (spider, project config, component) by path, turning any failure into one clear error. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileUserModule, describeBuildFailure } from './compiler.js';
import { CliError } from './errors.js';

// Set by the bundler when the CLI runs compiled (bin/arachne.js); from the sources (tests), resolved here.
declare const __ARACHNE_CORE_URL__: string | undefined;
const coreUrl = typeof __ARACHNE_CORE_URL__ === 'string' ? __ARACHNE_CORE_URL__ : import.meta.resolve('@arachne/core');

/** Modules already loaded, by path: each file is compiled and evaluated once. */
const loaded = new Map<string, Promise<Record<string, unknown>>>();

export async function importUserModule(file: string): Promise<Record<string, unknown>> {
  try {
    return await loadUserModule(file);
  } catch (error) {
    throw new CliError(`cannot load ${displayPath(file)}: ${(error as Error).message}`, { cause: error });
  }
}

/** The module, compiled and evaluated once per path; a failure's message is its reason on one line. */
export function loadUserModule(file: string): Promise<Record<string, unknown>> {
  const absolute = path.resolve(file);
  let module = loaded.get(absolute);
  if (!module) {
    module = load(absolute);
    loaded.set(absolute, module);
  }
  return module;
}

async function load(file: string): Promise<Record<string, unknown>> {
  let bundle: string;
  try {
    bundle = await compileUserModule(file, coreUrl);
  } catch (error) {
    throw new Error(describeBuildFailure(error) ?? (error as Error).message, { cause: error });
  }
  try {
    return (await import(bundle)) as Record<string, unknown>;
  } catch (error) {
    throw new Error((error instanceof Error ? error.message : String(error)).replaceAll('\n', '; '), { cause: error });
  } finally {
    fs.rmSync(fileURLToPath(bundle), { force: true }); // evaluated: Node keeps the module, and its source map, in memory
  }
}

/** A path relative to the working directory when it is inside it, else absolute. */
export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}
