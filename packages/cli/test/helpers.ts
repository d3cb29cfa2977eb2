/** Shared by the CLI tests: a local site, temp directories and the real `arachne` bin run as a child process. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';

export const BIN = fileURLToPath(new URL('../bin/arachne.js', import.meta.url));
export const PAGE_COUNT = 3;

interface Site {
  url: string;
  close(): Promise<void>;
}

/** Pages `/page/1` to `/page/3` (any query string), each with an `<h1>` and a link to the next; `/redirect` to `/page/1`. */
async function startSite(): Promise<Site> {
  const server = createServer((request, response) => {
    if (request.url === '/redirect') {
      response.writeHead(302, { location: '/page/1' }).end();
      return;
    }
    const page = Number(/^\/page\/(\d+)$/.exec(new URL(request.url ?? '/', 'http://x').pathname)?.[1]);
    if (!(page >= 1 && page <= PAGE_COUNT)) {
      response.writeHead(404).end();
      return;
    }
    const next = page < PAGE_COUNT ? `<a href="/page/${page + 1}">next</a>` : '';
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(`<html><body><h1>Page ${page}</h1>${next}</body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/**
 * Serve the site to this file's tests: started before them (its `url` is set
 * then), closed after them, with the directories `tempDir` made removed.
 */
export function useSite(): { url: string } {
  const site = { url: '' };
  let running: Site | undefined;
  beforeAll(async () => {
    running = await startSite();
    site.url = running.url;
  });
  afterAll(async () => {
    await running?.close();
    removeTempDirs();
  });
  return site;
}

const tempDirs: string[] = [];

/** A fresh directory under the OS temp dir (outside the repository: no node_modules above it) with these files. */
export function tempDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arachne-cli-'));
  tempDirs.push(dir);
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

/** Delete the directories `tempDir` made (call in `afterAll`). */
export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `env`: variables to set, over this process's. */
export function spawnArachne(args: string[], cwd: string, env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
}

/** Run `arachne ...args` in `cwd` to its end. */
export function runArachne(args: string[], cwd: string, env: Record<string, string> = {}): Promise<RunResult> {
  const child = spawnArachne(args, cwd, env);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A spider module: `name` crawls `/page/1` onwards and yields one item per page. */
export function spiderSource(className: string, name: string, siteUrl: string): string {
  return `import { Spider, type Response } from '@arachne/core';

export class ${className} extends Spider {
  name = '${name}';
  startUrls = ['${siteUrl}/page/1'];
  pages = 1;
  async *parse(response: Response) {
    yield { title: response.css('h1::text').get(), pages: this.pages, bot: this.crawler.settings.get('BOT_NAME') };
    const next = response.css('a::attr(href)').get();
    if (next) yield response.follow(next);
  }
}
`;
}
