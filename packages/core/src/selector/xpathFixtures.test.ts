/**
 * Arachne's XPath answers against parsel's, recorded by
 * fixtures/record-parsel.py on the pages in fixtures/pages (run it again after
 * changing queries.json or a page).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Selector, type SelectorType } from './index.js';

type Options = { variables?: Record<string, string | number | boolean>; namespaces?: Record<string, string> };
type StepSpec = [method: 'xpath' | 'css' | 'register_namespace' | 'remove_namespaces', argument?: string | [string, string], options?: Options];
type Query = string | { steps: StepSpec[]; only?: 'count' };
interface PageSpec {
  type: SelectorType;
  queries: Query[];
  variables?: Record<string, Record<string, string | number | boolean>>;
  namespaces?: Record<string, string>;
}
type Answer = { answer: string[] | number } | { error: string };

const fixture = (name: string): string => readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8');
const spec = JSON.parse(fixture('queries.json')) as Record<string, PageSpec>;
const recorded = JSON.parse(fixture('parsel-answers.json')) as { pages: Record<string, Answer[]> };

function run(page: string, pageSpec: PageSpec, query: Query): string[] | number {
  let current: Selector[] = [new Selector({ text: page, type: pageSpec.type })];
  const steps: StepSpec[] = typeof query === 'string' ? [['xpath', query, { variables: pageSpec.variables?.[query] ?? {} }]] : query.steps;
  for (const [method, argument, options = {}] of steps) {
    if (method === 'xpath') {
      const namespaces = options.namespaces ?? pageSpec.namespaces;
      current = current.flatMap((selector) => [...selector.xpath(argument as string, options.variables, namespaces)]);
    } else if (method === 'css') {
      current = current.flatMap((selector) => [...selector.css(argument as string)]);
    } else if (method === 'register_namespace') {
      for (const selector of current) selector.registerNamespace(...(argument as [string, string]));
    } else {
      for (const selector of current) selector.removeNamespaces();
    }
  }
  if (typeof query !== 'string' && query.only === 'count') return current.length;
  return current.map((selector) => selector.get());
}

describe.each(Object.entries(spec))('XPath on %s as parsel answers', (name, pageSpec) => {
  const page = fixture(`pages/${name}`);
  const answers = recorded.pages[name]!;
  it('has a recorded answer for every query', () => {
    expect(answers).toHaveLength(pageSpec.queries.length);
  });
  it.each(pageSpec.queries.map((query, i) => [JSON.stringify(query), query, i] as const))('%s', (_, query, i) => {
    const expected = answers[i]!;
    if ('error' in expected) {
      expect(() => run(page, pageSpec, query)).toThrow(expected.error);
      return;
    }
    expect(run(page, pageSpec, query)).toEqual(expected.answer);
  });
});
