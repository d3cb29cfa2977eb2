import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Crawler } from '../engine/crawler.js';
import type { SettingsInput } from '../settings/settings.js';
import { SettingsError } from '../errors.js';
import { FeedExporter } from './feedExporter.js';
import { parseFeedArgument } from './feedUri.js';
import { itemSpider, startItemSite, type ItemSite, type PageItem } from './fixtures/itemSite.js';

let site: ItemSite;
let dir: string;
let crawls = 0;

beforeAll(async () => {
  site = await startItemSite();
});
afterAll(() => site.close());
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arachne-feeds-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

async function crawl(settings: SettingsInput, pages = 2, perPage = 2) {
  const logFile = path.join(dir, `crawl-${++crawls}.log`);
  const crawler = new Crawler(itemSpider(site.url, pages, perPage), { LOG_FILE: logFile, LOGSTATS_INTERVAL: 0, ...settings });
  await crawler.crawl();
  return { crawler, stats: crawler.stats, log: fs.readFileSync(logFile, 'utf8') };
}

function expectedItems(pages: number, perPage: number): PageItem[] {
  const items: PageItem[] = [];
  for (let page = 1; page <= pages; page++) {
    for (let n = 1; n <= perPage; n++) items.push({ page, n, title: 'Ünïcode café', tags: ['a', 'b'] });
  }
  return items;
}

function sorted(items: PageItem[]): PageItem[] {
  return [...items].sort((a, b) => a.page - b.page || a.n - b.n);
}

const read = (file: string) => fs.readFileSync(file, 'utf8');
const jsonLines = (text: string) => text.trimEnd().split('\n').map((line) => JSON.parse(line) as PageItem);

describe('FeedExporter', () => {
  it('writes each format during a crawl, creating parent directories, and reports it', async () => {
    const files = {
      json: path.join(dir, 'deep', 'nested', 'items.json'),
      jsonl: path.join(dir, 'items.jsonl'),
      csv: path.join(dir, 'items.csv'),
      xml: path.join(dir, 'items.xml'),
    };
    const { stats, log } = await crawl({ FEEDS: Object.fromEntries(Object.values(files).map((file) => [file, {}])) });

    const json = read(files.json);
    expect(json.startsWith('[\n{"page":')).toBe(true);
    expect(json.endsWith('}\n]')).toBe(true);
    expect(sorted(JSON.parse(json) as PageItem[])).toEqual(expectedItems(2, 2));
    expect(sorted(jsonLines(read(files.jsonl)))).toEqual(expectedItems(2, 2));
    const csv = read(files.csv).split('\r\n');
    expect(csv[0]).toBe('page,n,title,tags');
    expect(csv.slice(1, -1).sort()).toEqual(['1,1,Ünïcode café,"a,b"', '1,2,Ünïcode café,"a,b"', '2,1,Ünïcode café,"a,b"', '2,2,Ünïcode café,"a,b"']);
    const xml = read(files.xml);
    expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<items>\n<item>')).toBe(true);
    expect(xml).toContain('<item><page>1</page><n>1</n><title>Ünïcode café</title><tags><value>a</value><value>b</value></tags></item>\n');
    expect(xml.endsWith('</item>\n</items>')).toBe(true);

    expect(stats.getValue('feedexport/success_count/FileFeedStorage')).toBe(4);
    expect(stats.getValue('feedexport/failed_count/FileFeedStorage')).toBeUndefined();
    expect(log).toContain(`[arachne.feedexport] INFO: Stored json feed (4 items) in: ${files.json}`);
    expect(log).toContain(`INFO: Stored csv feed (4 items) in: ${files.csv}`);
  });

  it('appends with -o and replaces with -O', async () => {
    const file = path.join(dir, 'out.jsonl');
    fs.writeFileSync(file, '{"old":true}\n');
    await crawl({ FEEDS: Object.fromEntries([parseFeedArgument(file, false)]) });
    const appended = read(file).trimEnd().split('\n');
    expect(appended).toHaveLength(5);
    expect(appended[0]).toBe('{"old":true}');

    await crawl({ FEEDS: Object.fromEntries([parseFeedArgument(file, true)]) });
    expect(sorted(jsonLines(read(file)))).toEqual(expectedItems(2, 2));
  });

  it('warns when appending a JSON feed to a file that has content', async () => {
    const json = path.join(dir, 'out.json');
    const jsonl = path.join(dir, 'out.jsonl');
    fs.writeFileSync(json, '[\n{"old":true}\n]');
    fs.writeFileSync(jsonl, '{"old":true}\n');
    const { log } = await crawl({ FEEDS: Object.fromEntries([parseFeedArgument(json, false), parseFeedArgument(jsonl, false)]) });
    expect(log).toContain(`WARNING: Appending a json feed to ${json}, which is not empty: the file will not be valid JSON. Use -O`);
    expect(log).not.toContain(`feed to ${jsonl}`);
    expect(read(json).startsWith('[\n{"old":true}\n][\n{"page":')).toBe(true);
  });

  it('selects fields: FEED_EXPORT_FIELDS, overridden by a feed’s own fields', async () => {
    const csv = path.join(dir, 'a.csv');
    const jsonl = path.join(dir, 'b.jsonl');
    await crawl({ FEED_EXPORT_FIELDS: ['n', 'page'], FEEDS: { [csv]: {}, [jsonl]: { fields: ['title', 'missing'] } } });
    const rows = read(csv).split('\r\n');
    expect(rows[0]).toBe('n,page');
    expect(rows.slice(1, -1).sort()).toEqual(['1,1', '1,2', '2,1', '2,2']);
    expect(jsonLines(read(jsonl))).toEqual(Array(4).fill({ title: 'Ünïcode café' }));
  });

  it('applies FEED_EXPORT_ENCODING, a feed’s own encoding, and FEED_EXPORT_INDENT', async () => {
    const ascii = path.join(dir, 'ascii.jsonl');
    await crawl({ FEEDS: { [ascii]: {} } });
    expect(read(ascii)).toContain('"title":"\\u00dcn\\u00efcode caf\\u00e9"');

    const utf8 = path.join(dir, 'utf8.jsonl');
    const latin1 = path.join(dir, 'latin1.csv');
    const pretty = path.join(dir, 'pretty.json');
    await crawl({ FEED_EXPORT_ENCODING: 'utf-8', FEED_EXPORT_INDENT: 2, FEEDS: { [utf8]: {}, [latin1]: { encoding: 'latin1' }, [pretty]: {} } });
    expect(read(utf8)).toContain('"title":"Ünïcode café"');
    const bytes = fs.readFileSync(latin1);
    expect(bytes.includes(Buffer.from('1,1,\xdcn\xefcode caf\xe9,"a,b"\r\n', 'latin1'))).toBe(true);
    expect(bytes.includes(Buffer.from('Ü', 'utf8'))).toBe(false);
    expect(read(pretty)).toContain('[\n{\n  "page": 1,\n  "n": ');
  });

  it('stores an empty feed unless told not to, as Scrapy', async () => {
    const json = path.join(dir, 'empty.json');
    const skipped = path.join(dir, 'skipped.jsonl');
    const { stats, log } = await crawl({ FEEDS: { [json]: {}, [skipped]: { storeEmpty: false } } }, 0, 0);
    expect(read(json)).toBe('[\n\n]');
    expect(read(skipped)).toBe('');
    expect(stats.getValue('feedexport/success_count/FileFeedStorage')).toBe(1);
    expect(log).toContain(`Stored json feed (0 items) in: ${json}`);
    expect(log).not.toContain(skipped);
  });

  it('fills %(name)s and %(time)s in the feed URI', async () => {
    await crawl({ FEEDS: { [path.join(dir, '%(name)s', '%(time)s.jsonl')]: {} } });
    const [file, ...others] = fs.readdirSync(path.join(dir, 'items'));
    expect(others).toEqual([]);
    expect(file).toMatch(/^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.jsonl$/);
  });

  it('counts a feed that cannot be opened as failed, and the crawl and other feeds go on', async () => {
    fs.writeFileSync(path.join(dir, 'blocker'), '');
    const broken = path.join(dir, 'blocker', 'out.json');
    const ok = path.join(dir, 'ok.jsonl');
    const { stats, log } = await crawl({ FEEDS: { [broken]: {}, [ok]: {} } });
    expect(stats.getValue('item_scraped_count')).toBe(4);
    expect(stats.getValue('feedexport/failed_count/FileFeedStorage')).toBe(1);
    expect(stats.getValue('feedexport/success_count/FileFeedStorage')).toBe(1);
    expect(log).toContain(`ERROR: Error opening json feed ${broken}`);
    expect(jsonLines(read(ok))).toHaveLength(4);
  });

  it.runIf(fs.existsSync('/dev/full'))('stops a feed whose writes fail (a full disk), and the others go on', async () => {
    const ok = path.join(dir, 'ok.jsonl');
    const { stats, log } = await crawl({ FEEDS: { '/dev/full': { format: 'jsonl' }, [ok]: {} } }, 3, 50);
    expect(stats.getValue('feedexport/failed_count/FileFeedStorage')).toBe(1);
    expect(stats.getValue('feedexport/success_count/FileFeedStorage')).toBe(1);
    expect(log).toMatch(/ERROR: Error writing feed \/dev\/full; no more items will be exported to it: Error: ENOSPC/);
    expect(log).toMatch(/ERROR: Error storing jsonl feed \(\d+ items\) in: \/dev\/full/);
    expect(jsonLines(read(ok))).toHaveLength(150);
  });

  it('rejects a bad FEEDS setting when the crawl starts, saying what is wrong', async () => {
    const start = (feeds: Record<string, object>) => new Crawler(itemSpider(site.url, 1, 1), { LOG_ENABLED: false, FEEDS: feeds }).crawl();
    await expect(start({ 'out.yaml': { format: 'yaml' } })).rejects.toThrow(SettingsError);
    await expect(start({ 'out.yaml': { format: 'yaml' } })).rejects.toThrow(/unknown feed format "yaml"; known formats: json, jsonlines, jsonl, jl, csv, xml/);
    await expect(start({ 'out.txt': {} })).rejects.toThrow(/no format given/);
    await expect(start({ 's3://bucket/items.json': {} })).rejects.toThrow(/unsupported storage "s3:"/);
    await expect(start({ 'out.json': { store_empty: false } })).rejects.toThrow(/unknown feed option "store_empty" — did you mean "storeEmpty"\?/);
    await expect(start({ 'out.json': { batch_item_count: 10 } })).rejects.toThrow(/"batch_item_count" is not supported/);
    await expect(start({ 'out.json': { encoding: 'klingon' } })).rejects.toThrow(/unknown encoding "klingon"/);
    await expect(start({ '%(nope)s.json': {} })).rejects.toThrow(/%\(nope\)s names no spider attribute/);
  });

  it('logs items that are not objects instead of exporting them', async () => {
    class ForgetfulPipeline {
      processItem(): void {}
    }
    const file = path.join(dir, 'out.jsonl');
    const { log } = await crawl({ FEEDS: { [file]: {} }, ITEM_PIPELINES: new Map([[ForgetfulPipeline, 300]]) }, 1, 1);
    expect(log).toContain('ERROR: Cannot export undefined: an item must be an object');
    expect(read(file)).toBe('');
  });

  it('is not configured when FEEDS is empty', async () => {
    const { crawler } = await crawl({}, 1, 1);
    expect(crawler.extensions.some((extension) => extension instanceof FeedExporter)).toBe(false);
  });

  it('streams 10,000 items to disk while crawling', async () => {
    const file = path.join(dir, 'many.jsonl');
    const logFile = path.join(dir, 'many.log');
    const crawler = new Crawler(itemSpider(site.url, 100, 100), { LOG_FILE: logFile, LOGSTATS_INTERVAL: 0, FEEDS: { [file]: {} } });
    let scraped = 0;
    let bytesOnDiskMidway = 0;
    // Registered after the FeedExporter's listener, so this item was already handed to the file stream.
    crawler.signals.on('itemScraped', () => {
      if (++scraped === 9000) bytesOnDiskMidway = fs.statSync(file).size;
    });
    await crawler.crawl();

    expect(bytesOnDiskMidway).toBeGreaterThan(0);
    const items = jsonLines(read(file));
    expect(items).toHaveLength(10_000);
    expect(new Set(items.map((item) => `${item.page}/${item.n}`)).size).toBe(10_000);
    expect(read(logFile)).toContain(`Stored jsonl feed (10000 items) in: ${file}`);
  });
});

describe('stdout feeds', () => {
  const fixture = fileURLToPath(new URL('./fixtures/stdoutCrawl.ts', import.meta.url));

  function run(args: string[]) {
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, ...args], { cwd: path.dirname(fixture), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<{ code: number | null; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stderr })));
    return { child, exited, stderrSoFar: () => stderr };
  }

  it('writes items to stdout and logs to stderr (-o -:jsonl)', async () => {
    const { child, exited } = run(['jsonl', '2', '2']);
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    const { code, stderr } = await exited;
    expect(code).toBe(0);
    expect(sorted(jsonLines(stdout))).toEqual(expectedItems(2, 2));
    expect(stderr).toContain('INFO: Stored jsonl feed (4 items) in: stdout:');
    expect(stderr).toContain('"feedexport/success_count/StdoutFeedStorage": 1');
  });

  it('stops exporting quietly when the reader closes the pipe, as `| head` does', async () => {
    const { child, exited } = run(['jsonl', '200', '100']);
    child.stdout.once('data', () => child.stdout.destroy());
    const { code, stderr } = await exited;
    expect(code).toBe(0);
    expect(stderr).not.toContain('ERROR');
    expect(stderr).toContain('"item_scraped_count": 20000');
    expect(stderr).toContain('"feedexport/failed_count/StdoutFeedStorage": 1');
  });

  it('pauses the crawl while stdout is full, and exports everything once it is read', async () => {
    const { child, exited, stderrSoFar } = run(['csv', '200', '100', 'DEBUG']);
    // stdout is not read until the exporter reports the pipe full: the crawl must wait for it.
    const paused = await new Promise<boolean>((resolve) => {
      child.stderr.on('data', () => {
        if (stderrSoFar().includes('is not keeping up: pausing the crawl')) resolve(true);
      });
      void exited.then(() => resolve(false));
    });
    expect(paused).toBe(true);
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    const { code } = await exited;
    expect(code).toBe(0);
    const rows = stdout.split('\r\n');
    expect(rows[0]).toBe('page,n,title,tags');
    expect(rows.slice(1, -1)).toHaveLength(20_000);
  });
});
