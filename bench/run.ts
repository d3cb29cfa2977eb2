/**
 * `pnpm bench [--pages 20000] [--runs 1]`: serves the bench site from a separate
 * process, measures the bare-client ceiling, then the Arachne crawl, in the
 * same run, and prints pages/s, CPU ms per page, peak RSS and the ratio to the ceiling.
 * `pnpm bench --browser` measures browser rendering instead (bench/browser.ts).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline';
import { buildBenchScript } from './build.js';
import { runBrowserBench } from './browser.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    pages: { type: 'string', default: '20000' },
    runs: { type: 'string', default: '1' },
    // Also run the same crawl in Scrapy (needs a python3 with scrapy, e.g. Debian's python3-scrapy).
    scrapy: { type: 'boolean', default: false },
    python: { type: 'string', default: 'python3' },
    // Render a script-built site in Chromium (default 2,000 pages) at each number of pages open; --crawlee also runs Crawlee's PlaywrightCrawler.
    browser: { type: 'boolean', default: false },
    'browser-pages': { type: 'string', default: '4,8' },
    crawlee: { type: 'boolean', default: false },
  },
});
const runs = Number(values.runs);
if (values.browser) {
  const pages = process.argv.includes('--pages') ? Number(values.pages) : 2000;
  await runBrowserBench({ here, pages, runs, crawlee: values.crawlee, openPages: values['browser-pages'].split(',').map(Number) });
  process.exit(0);
}
const pages = Number(values.pages);

interface Measure { pages: number; wallMs: number; cpuMs: number; maxRssMB: number; items?: number }

function tsx(script: string, args: string[]) {
  return spawn(process.execPath, ['--import', 'tsx', path.join(here, script), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
}

async function runChild(script: string, args: string[]): Promise<Measure> {
  const child = script.endsWith('.py')
    ? spawn(values.python, [path.join(here, script), ...args], { stdio: ['ignore', 'pipe', 'inherit'] })
    : script.endsWith('.mjs')
      ? spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] })
      : tsx(script, args);
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`${script} exited with ${code}`);
  return JSON.parse(out.trim().split('\n').pop()!) as Measure;
}

const server = tsx('site/server.ts', ['--port', '0', '--pages', String(pages)]);
const origin = await new Promise<string>((resolve, reject) => {
  server.on('exit', (code) => reject(new Error(`bench site exited with ${code}`)));
  createInterface({ input: server.stdout }).on('line', (line) => {
    const match = /^listening (\S+)/.exec(line);
    if (match) resolve(match[1]!.replace(/\/$/, ''));
  });
});

const crawlScript = await buildBenchScript('crawl');
const dir = mkdtempSync(path.join(os.tmpdir(), 'arachne-bench-'));
const rows: string[] = [];
const row = (name: string, m: Measure, ceiling?: Measure) => {
  const rate = m.pages / (m.wallMs / 1000);
  const ratio = ceiling ? ` ${(rate / (ceiling.pages / (ceiling.wallMs / 1000))).toFixed(3)}` : '';
  rows.push(`${name.padEnd(22)} ${String(m.pages).padStart(7)} ${rate.toFixed(0).padStart(9)} ${(m.cpuMs / m.pages).toFixed(3).padStart(12)} ${m.maxRssMB.toFixed(0).padStart(8)}${ratio}`);
};
try {
  for (let run = 1; run <= runs; run++) {
    const ceiling = await runChild('baseline.ts', [origin, String(pages), '16']);
    row(`bare undici (run ${run})`, ceiling);
    const output = path.join(dir, 'items.jsonl');
    const crawl = await runChild(crawlScript, [`${origin}/`, output]);
    const lines = readFileSync(output, 'utf8').split('\n').filter(Boolean).length;
    if (lines !== crawl.items) throw new Error(`feed has ${lines} lines but the crawl scraped ${crawl.items} items`);
    row(`arachne (run ${run})`, crawl, ceiling);
    if (values.scrapy) row(`scrapy (run ${run})`, await runChild('scrapy/bench_spider.py', [`${origin}/`, path.join(dir, 'scrapy.jsonl')]), ceiling);
  }
} finally {
  server.kill();
  rmSync(dir, { recursive: true, force: true });
}
console.log(`bench site: ${pages} pages; concurrency 16; CPU = user+system of the measuring process`);
console.log(`${'client'.padEnd(22)} ${'pages'.padStart(7)} ${'pages/s'.padStart(9)} ${'CPU ms/page'.padStart(12)} ${'RSS MB'.padStart(8)} ratio-to-ceiling`);
for (const line of rows) console.log(line);
