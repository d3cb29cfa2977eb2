/** The frames of an error's stack that point into user code: not Node's, not a dependency's, not Arachne's own. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding Arachne's own modules (its sources, its build, or the CLI's bundle of them). */
const OWN_DIR = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

export function userFrames(error: unknown, max = 3): string[] {
  if (!(error instanceof Error) || typeof error.stack !== 'string') return [];
  return error.stack
    .split('\n')
    .filter((line) => /^\s+at /.test(line) && !/\(node:|at node:|\/node_modules\//.test(line) && !line.includes(OWN_DIR))
    .slice(0, max)
    .map((line) => line.trim());
}
