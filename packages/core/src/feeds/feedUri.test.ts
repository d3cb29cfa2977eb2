import { describe, expect, it } from 'vitest';
import { parseFeedArgument, renderFeedUri } from './feedUri.js';
import { SettingsError } from '../errors.js';

describe('parseFeedArgument', () => {
  it('takes the format from the extension', () => {
    expect(parseFeedArgument('out.json', false)).toEqual(['out.json', { format: 'json', overwrite: false }]);
    expect(parseFeedArgument('data/out.jsonl', true)).toEqual(['data/out.jsonl', { format: 'jsonl', overwrite: true }]);
    expect(parseFeedArgument('out.jl', false)[1].format).toBe('jl');
    expect(parseFeedArgument('out.csv', false)[1].format).toBe('csv');
    expect(parseFeedArgument('out.xml', false)[1].format).toBe('xml');
    expect(parseFeedArgument('file:///tmp/out.json', false)).toEqual(['file:///tmp/out.json', { format: 'json', overwrite: false }]);
  });

  it('takes an explicit :FORMAT suffix', () => {
    expect(parseFeedArgument('out.txt:jsonl', false)).toEqual(['out.txt', { format: 'jsonl', overwrite: false }]);
    expect(parseFeedArgument('file:///tmp/out.data:csv', true)).toEqual(['file:///tmp/out.data', { format: 'csv', overwrite: true }]);
    expect(parseFeedArgument('items-%(time)s.json:jsonlines', false)[1].format).toBe('jsonlines');
  });

  it('writes - and stdout: to stdout', () => {
    expect(parseFeedArgument('-:jsonl', false)).toEqual(['stdout:', { format: 'jsonl', overwrite: false }]);
    expect(parseFeedArgument('stdout::csv', false)).toEqual(['stdout:', { format: 'csv', overwrite: false }]);
  });

  it('names the known formats when the format is unknown or missing', () => {
    expect(() => parseFeedArgument('out.txt', false)).toThrow(SettingsError);
    expect(() => parseFeedArgument('out.txt', false)).toThrow(/Cannot tell the output format of "out.txt".*json, jsonlines, jsonl, jl, csv, xml.*out.txt:jsonl/);
    expect(() => parseFeedArgument('out.json:yaml', false)).toThrow(/Unrecognized output format "yaml".*json, jsonlines/);
    expect(() => parseFeedArgument('-', false)).toThrow(/Cannot tell the output format of "-"/);
  });
});

describe('renderFeedUri', () => {
  const spider = { name: 'books', category: 'poetry', pages: 3 };
  const now = new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678));

  it('fills %(name)s, %(time)s and spider attributes, as Scrapy', () => {
    expect(renderFeedUri('out/%(name)s/%(time)s.json', spider, now)).toBe('out/books/2024-01-02T03-04-05.json');
    expect(renderFeedUri('%(category)s-%(pages)d.csv', spider, now)).toBe('poetry-3.csv');
    expect(renderFeedUri('plain%20name.json', spider, now)).toBe('plain%20name.json');
  });

  it('rejects a placeholder that names nothing', () => {
    expect(() => renderFeedUri('%(nope)s.json', spider, now)).toThrow(/%\(nope\)s names no spider attribute/);
  });
});
