// Finds spiders: every exported class that extends `Spider`, named by an
// instance's `name`. A project's spiders come from the files under its
// `SPIDER_MODULES`: directories (searched recursively) or files, relative to the
// project, where `*` matches within one path segment (`examples/*/spiders`).
import fs from 'node:fs';
import path from 'node:path';
import { Spider, type SpiderClass } from '@arachne/core';
import { closestName } from '@arachne/core/internals';
import { CliError, printWarning } from './errors.js';
import { displayPath, type UserModules } from './userModule.js';

export interface SpiderEntry {
  name: string;
  spiderClass: SpiderClass;
  file: string;
}

const SOURCE_FILE = /\.(?:ts|mts|js|mjs)$/;
const NOT_A_MODULE = /\.(?:test|spec)\.[cm]?[jt]s$|\.d\.[cm]?ts$/;

/** The spiders a module exports, each class once, in export order. */
export function spidersInModule(module: Record<string, unknown>, file: string): SpiderEntry[] {
  const classes = new Set(Object.values(module).filter(isSpiderClass));
  const entries: SpiderEntry[] = [];
  for (const spiderClass of classes) {
    let name: unknown;
    try {
      name = new spiderClass().name;
    } catch (error) {
      throw new CliError(`cannot create spider ${spiderClass.name} from ${displayPath(file)}: ${(error as Error).message}`, { cause: error });
    }
    // Classes without a name are base classes meant to be extended.
    if (typeof name === 'string' && name) entries.push({ name, spiderClass, file });
  }
  return entries;
}

/** Load every spider under the project's `SPIDER_MODULES`, by name; warns about entries that match nothing. */
export async function loadProjectSpiders(
  modules: UserModules,
  projectDir: string,
  spiderModules: readonly string[],
  { warnUnmatched = true } = {},
): Promise<Map<string, SpiderEntry>> {
  const spiders = new Map<string, SpiderEntry>();
  for (const pattern of spiderModules) {
    const targets = expandPattern(projectDir, pattern);
    if (targets.length === 0 && warnUnmatched) printWarning(`SPIDER_MODULES entry "${pattern}" matches nothing in ${projectDir}`);
    for (const file of targets.flatMap(sourceFiles)) {
      for (const entry of spidersInModule(await modules.import(file), file)) {
        const known = spiders.get(entry.name);
        if (known && known.spiderClass !== entry.spiderClass) {
          printWarning(`several spiders are named "${entry.name}" (${displayPath(known.file)}, ${displayPath(entry.file)}); using the first`);
        } else if (!known) {
          spiders.set(entry.name, entry);
        }
      }
    }
  }
  return spiders;
}

/** The spider called `name`, or an error that lists the known ones and suggests the closest. */
export function spiderNamed(spiders: ReadonlyMap<string, SpiderEntry>, name: string): SpiderEntry {
  const spider = spiders.get(name);
  if (spider) return spider;
  const known = [...spiders.keys()].sort();
  if (known.length === 0) throw new CliError(`spider not found: "${name}" (the project has no spiders: check SPIDER_MODULES)`);
  const suggestion = closestName(name, known);
  throw new CliError(`spider not found: "${name}".${suggestion ? ` Did you mean "${suggestion}"?` : ''} Known spiders: ${known.join(', ')}`);
}

function isSpiderClass(value: unknown): value is SpiderClass {
  return typeof value === 'function' && value.prototype instanceof Spider;
}

/** Existing paths matching `pattern` (relative to `baseDir`); `*` and `?` match within one segment. */
export function expandPattern(baseDir: string, pattern: string): string[] {
  const full = path.resolve(baseDir, pattern);
  const { root } = path.parse(full);
  let paths = [root];
  for (const segment of full.slice(root.length).split(path.sep).filter(Boolean)) {
    if (!/[*?]/.test(segment)) {
      paths = paths.map((dir) => path.join(dir, segment));
      continue;
    }
    const matcher = new RegExp(`^${segment.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
    paths = paths.flatMap((dir) => entriesOf(dir).filter((name) => !name.startsWith('.') && matcher.test(name)).map((name) => path.join(dir, name)));
  }
  return paths.filter((target) => fs.existsSync(target));
}

/** The module files under a directory (recursively, sorted), or the file itself. */
function sourceFiles(target: string): string[] {
  if (!fs.statSync(target).isDirectory()) return SOURCE_FILE.test(target) ? [target] : [];
  return entriesOf(target)
    .filter((name) => !name.startsWith('.') && name !== 'node_modules')
    .flatMap((name) => {
      const child = path.join(target, name);
      if (fs.statSync(child).isDirectory()) return sourceFiles(child);
      return SOURCE_FILE.test(name) && !NOT_A_MODULE.test(name) ? [child] : [];
    });
}

function entriesOf(dir: string): string[] {
  try {
    return fs.readdirSync(dir).sort();
  } catch {
    return [];
  }
}
