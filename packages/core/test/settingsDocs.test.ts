/**
 * Keeps docs/settings.md in step with DEFAULT_SETTINGS: every setting has an
 * entry (a heading or a table cell naming it in backticks), no backticked
 * name looks like a setting that does not exist, each `_BASE` map's built-ins
 * are listed with their orders, and the settings the page lists as "declared
 * but not yet used" are indeed read by no code.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../src/settings/defaults.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const DOC = readFileSync(path.join(ROOT, 'docs/settings.md'), 'utf8');
const KNOWN = new Set(Object.keys(DEFAULT_SETTINGS));
const SETTING_LIKE = /^[A-Z][A-Z0-9_]{3,}$/;
/** Upper-case words the page puts in backticks that are not settings: the table itself and the values of LOG_LEVEL. */
const NOT_SETTINGS = new Set(['DEFAULT_SETTINGS', 'BUILTIN_SETTINGS', 'DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL']);
/** The page's example of a component declaring its own settings. */
const EXAMPLE_DECLARED = /^MYEXT_/;
const UNUSED_HEADING = '## Declared but not yet used';

const FENCED = /^```[^\n]*\n[\s\S]*?^```/gm;
const prose = DOC.replace(FENCED, '');
const codeBlocks = DOC.match(FENCED) ?? [];

/** Names that have an entry: a heading `### \`KEY\`` or a table cell that is just `` `KEY` ``. */
function entries(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split('\n')) {
    const heading = /^#{2,6}\s+`([^`]+)`\s*$/.exec(line);
    if (heading) names.add(heading[1]!);
    if (!line.startsWith('|')) continue;
    for (const cell of line.split('|')) {
      const name = /^\s*`([^`]+)`\s*$/.exec(cell)?.[1];
      if (name) names.add(name);
    }
  }
  return names;
}

/** The text under the heading `### \`KEY\``, up to the next heading, with line breaks as spaces. */
function section(key: string): string {
  const heading = `### \`${key}\`\n`;
  const at = DOC.indexOf(heading);
  if (at === -1) return '';
  const body = DOC.slice(at + heading.length);
  const end = body.search(/^#{1,3} /m);
  return (end === -1 ? body : body.slice(0, end)).replace(/\s+/g, ' ');
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .map((file) => path.join(dir, file));
}

describe('docs/settings.md', () => {
  it('has an entry for every setting in DEFAULT_SETTINGS', () => {
    const documented = entries(DOC);
    const missing = [...KNOWN].filter((key) => !documented.has(key));
    expect(missing, `settings missing from docs/settings.md: ${missing.join(', ')}`).toEqual([]);
  });

  it('names no setting that DEFAULT_SETTINGS lacks', () => {
    const inline = [...prose.matchAll(/`([^`\n]+)`/g)].map((match) => match[1]!);
    // In code examples, any UPPER_SNAKE name (with an underscore) must be a setting too.
    const inCode = codeBlocks.flatMap((block) => block.match(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g) ?? []);
    const stale = [...new Set([...inline, ...inCode])].filter((name) => SETTING_LIKE.test(name) && !KNOWN.has(name) && !NOT_SETTINGS.has(name) && !EXAMPLE_DECLARED.test(name));
    expect(stale, `docs/settings.md names settings that do not exist: ${stale.join(', ')}`).toEqual([]);
  });

  it('lists every built-in component of the _BASE maps with its order', () => {
    const bases = Object.keys(DEFAULT_SETTINGS).filter((key) => key.endsWith('_BASE')) as Array<keyof typeof DEFAULT_SETTINGS>;
    const wrong = bases.flatMap((key) => {
      const entry = section(key);
      return Object.entries(DEFAULT_SETTINGS[key] as Record<string, number>)
        .filter(([name, order]) => !entry.includes(`\`${name}\` ${order}`))
        .map(([name, order]) => `${key}: ${name} ${order}`);
    });
    expect(wrong, `write each as "\`Name\` order" under its _BASE heading: ${wrong.join('; ')}`).toEqual([]);
  });

  it('lists as unused only settings that no code reads, and documents them nowhere else', () => {
    const at = DOC.indexOf(UNUSED_HEADING);
    expect(at, `docs/settings.md has no "${UNUSED_HEADING}" section`).toBeGreaterThan(-1);
    const unused = [...entries(DOC.slice(at))].filter((name) => KNOWN.has(name));
    const alsoDocumented = unused.filter((key) => entries(DOC.slice(0, at)).has(key));
    expect(alsoDocumented, `listed as unused but also documented above: ${alsoDocumented.join(', ')}`).toEqual([]);

    const defaults = path.join(ROOT, 'packages/core/src/settings/defaults.ts');
    const files = [...sourceFiles(path.join(ROOT, 'packages/core/src')), ...sourceFiles(path.join(ROOT, 'packages/cli/src'))].filter((file) => file !== defaults);
    const sources = files.map((file) => readFileSync(file, 'utf8'));
    const read = unused.filter((key) => sources.some((source) => source.includes(`'${key}'`) || source.includes(`"${key}"`)));
    expect(read, `now read by code, so document them in docs/settings.md: ${read.join(', ')}`).toEqual([]);
  });
});
