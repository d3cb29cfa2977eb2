/** Import a user's file (spider, project config) by path, turning any failure into one clear error. */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CliError } from './errors.js';

export async function importUserModule(file: string): Promise<Record<string, unknown>> {
  try {
    return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    throw new CliError(`cannot load ${displayPath(file)}: ${loadFailure(error)}`, { cause: error });
  }
}

/** The reason on one line; esbuild (through tsx) reports syntax errors as "Transform failed with 1 error:\n<file>:<line>:<column>: ERROR: ...". */
function loadFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/^Transform failed with \d+ errors?:\n/, '').trim().replaceAll('\n', '; ');
}

/** A path relative to the working directory when it is inside it, else absolute. */
export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}
