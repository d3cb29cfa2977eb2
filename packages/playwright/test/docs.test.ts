/** The settings reference documents every setting the handler declares, and no page names one it does not. */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PLAYWRIGHT_SETTINGS } from '../src/index.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SETTINGS_DOC = readFileSync(path.join(ROOT, 'docs/settings.md'), 'utf8');
const SECTION = /^## Settings of @arachne\/playwright\n[\s\S]*?(?=^## )/m.exec(SETTINGS_DOC)?.[0] ?? '';
const DECLARED = Object.keys(PLAYWRIGHT_SETTINGS);
/** scrapy-playwright's names, mentioned to say what stands for them here. */
const SCRAPY_PLAYWRIGHT_NAMES = new Set(['PLAYWRIGHT_MAX_PAGES_PER_CONTEXT', 'PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT']);

describe('docs', () => {
  it('give every declared setting an entry in the settings reference, with its default', () => {
    expect(SECTION, 'docs/settings.md has no "## Settings of @arachne/playwright" section').not.toBe('');
    const missing = DECLARED.filter((key) => !SECTION.includes(`### \`${key}\`\n`));
    expect(missing, `settings missing from docs/settings.md: ${missing.join(', ')}`).toEqual([]);
    const wrongDefault = DECLARED.filter((key) => {
      const entry = SECTION.slice(SECTION.indexOf(`### \`${key}\``)).split('\n')[1] ?? '';
      const shown = /Default `([^`]*)`/.exec(entry)?.[1];
      const value = PLAYWRIGHT_SETTINGS[key as keyof typeof PLAYWRIGHT_SETTINGS].default;
      return shown !== (typeof value === 'string' ? `'${value}'` : JSON.stringify(value));
    });
    expect(wrongDefault, `defaults shown wrongly: ${wrongDefault.join(', ')}`).toEqual([]);
  });

  it('name no PLAYWRIGHT_ setting that does not exist, in the docs, the README or the examples', () => {
    const files = [
      ...readdirSync(path.join(ROOT, 'docs')).filter((file) => file.endsWith('.md')).map((file) => path.join(ROOT, 'docs', file)),
      path.join(ROOT, 'README.md'),
      ...readdirSync(path.join(ROOT, 'examples'), { recursive: true, encoding: 'utf8' }).filter((file) => /\.(ts|md)$/.test(file) && !file.includes('node_modules')).map((file) => path.join(ROOT, 'examples', file)),
    ];
    const stale = files.flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/\bPLAYWRIGHT_[A-Z_]+\b/g)]
      .map(([name]) => name)
      .filter((name) => !DECLARED.includes(name) && !SCRAPY_PLAYWRIGHT_NAMES.has(name))
      .map((name) => `${path.relative(ROOT, file)}: ${name}`));
    expect(stale).toEqual([]);
  });
});
