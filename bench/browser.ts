/**
 * `pnpm bench --browser [--pages 2000] [--browser-pages 4,8] [--crawlee] [--runs 1]`:
 * the script-rendered bench site (each page a shell whose script fetches its
 * content) crawled with the Playwright handler, at each number of pages open,
 * and optionally with Crawlee's PlaywrightCrawler on the same Chromium. The
 * memory of each crawl — the crawler and every browser process under it — is
 * sampled every 250 ms by this harness.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { treeMemory } from '../packages/playwright/test/support/processTree.js';
import { buildBenchScript } from './build.js';
import { memoryProfile, type MemoryProfile, type MemorySample } from './memoryProfile.js';

interface BrowserMeasure { pages: number; items: number; wallMs: number; cpuMs: number; failed?: number; browsers?: number; crashes?: number }

export interface BrowserBenchOptions {
  here: string;
  pages: number;
  openPages: number[];
  runs: number;
  crawlee: boolean;
}

/** Run a crawl process to its end, sampling its tree's memory; its last stdout line is its JSON measure. */
async function measure(command: string, args: string[], cwd?: string): Promise<BrowserMeasure & MemoryProfile> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'], cwd });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk));
  const started = performance.now();
  const samples: MemorySample[] = [];
  const sampler = setInterval(() => samples.push({ at: performance.now() - started, ...treeMemory(child.pid!) }), 250);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearInterval(sampler);
  if (code !== 0) throw new Error(`${args.join(' ')} exited with ${code}`);
  return { ...(JSON.parse(out.trim().split('\n').pop()!) as BrowserMeasure), ...memoryProfile(samples) };
}

function ensureCrawlee(here: string): string {
  const dir = path.join(here, 'crawlee');
  if (!existsSync(path.join(dir, 'node_modules', '@crawlee', 'playwright'))) {
    console.error('installing Crawlee for the comparison (bench/crawlee, outside the workspace)...');
    const installed = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'inherit' });
    if (installed.status !== 0) throw new Error('npm ci in bench/crawlee failed');
  }
  return dir;
}

export async function runBrowserBench({ here, pages, openPages, runs, crawlee }: BrowserBenchOptions): Promise<void> {
  const server = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'site/server.ts'), '--port', '0', '--pages', String(pages), '--rendered'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const origin = await new Promise<string>((resolve, reject) => {
    server.on('exit', (code) => reject(new Error(`bench site exited with ${code}`)));
    createInterface({ input: server.stdout }).on('line', (line) => {
      const match = /^listening (\S+)/.exec(line);
      if (match) resolve(match[1]!.replace(/\/$/, ''));
    });
  });
  const crawlScript = await buildBenchScript('browserCrawl');
  const crawleeDir = crawlee ? ensureCrawlee(here) : undefined;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'arachne-bench-browser-'));
  const rows: string[] = [];
  const row = (name: string, m: BrowserMeasure & MemoryProfile) => {
    rows.push(`${name.padEnd(26)} ${String(m.pages).padStart(6)} ${(m.pages / (m.wallMs / 1000)).toFixed(2).padStart(8)} ${(m.cpuMs / m.pages).toFixed(1).padStart(9)} `
      + `${m.peakPssMB.toFixed(0).padStart(9)} ${m.medianPssMB.toFixed(0).padStart(9)} ${m.lastTenthMaxPssMB.toFixed(0).padStart(10)} ${m.peakRssSumMB.toFixed(0).padStart(10)} ${m.flat ? 'yes' : 'NO'}`);
  };
  try {
    for (let run = 1; run <= runs; run++) {
      for (const open of openPages) {
        const output = path.join(dir, 'items.jsonl');
        const arachne = await measure(process.execPath, [crawlScript, `${origin}/`, output, String(open)]);
        const lines = readFileSync(output, 'utf8').split('\n').filter(Boolean).length;
        if (lines !== arachne.items || arachne.items !== pages) throw new Error(`expected ${pages} items; the crawl scraped ${arachne.items} and the feed has ${lines}`);
        row(`arachne, ${open} pages (run ${run})`, arachne);
        if (crawleeDir) {
          const result = await measure(process.execPath, [path.join(crawleeDir, 'browserCrawl.mjs'), `${origin}/`, String(open)], crawleeDir);
          if (result.items !== pages) throw new Error(`expected ${pages} items from Crawlee; it scraped ${result.items}`);
          row(`crawlee, ${open} pages (run ${run})`, result);
        }
      }
    }
  } finally {
    server.kill();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`rendered bench site: ${pages} pages (each a script fetching its content); memory = the crawler and its browser processes, sampled every 250 ms`);
  console.log('(PSS sums, shared pages counted once; "RSS sum" adds each process\'s resident set); CPU = the crawler process only, not the browser');
  console.log(`${'crawl'.padEnd(26)} ${'pages'.padStart(6)} ${'pages/s'.padStart(8)} ${'CPU ms/p'.padStart(9)} ${'peak MB'.padStart(9)} ${'median MB'.padStart(9)} ${'last10% MB'.padStart(10)} ${'RSS sum MB'.padStart(10)} flat`);
  for (const line of rows) console.log(line);
}
