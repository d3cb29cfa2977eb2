/**
 * The benchmark site server. Usage: `server.ts [--port 0] [--pages 20000] [--rendered]`.
 * With `--rendered` every page is a shell whose script fetches its content (for the browser benchmark).
 * Prints `listening http://127.0.0.1:PORT` on stdout once every page is rendered and the port is open.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { DEFAULT_PAGES, dataPath, mainContent, pagePath, renderPage, renderShell } from './pages.js';

function intOption(value: string, name: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}, got ${value}`);
  return n;
}

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    pages: { type: 'string', default: String(DEFAULT_PAGES) },
    rendered: { type: 'boolean', default: false },
  },
});
const port = intOption(values.port, 'port', 0);
const pages = intOption(values.pages, 'pages', 1);

// Everything is rendered up front so that serving a request costs only a lookup and a write,
// leaving the machine's CPU to the crawler being measured.
const bodies = new Map<string, Buffer>();
for (let i = 0; i < pages; i++) {
  if (values.rendered) {
    bodies.set(pagePath(i), Buffer.from(renderShell(i, pages)));
    bodies.set(dataPath(i), Buffer.from(mainContent(i, pages)));
  } else {
    bodies.set(pagePath(i), Buffer.from(renderPage(i, pages)));
  }
}
const notFound = Buffer.from('<!DOCTYPE html>\n<html><head><title>Not found</title></head><body><h1>Not found</h1></body></html>\n');

const server = createServer((req, res) => {
  const body = bodies.get(req.url ?? '');
  res.writeHead(body ? 200 : 404, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': (body ?? notFound).length });
  res.end(body ?? notFound);
});
// Crawlers reuse connections; don't let idle ones expire mid-benchmark.
server.keepAliveTimeout = 120_000;
server.headersTimeout = 125_000;

server.listen(port, '127.0.0.1', () => {
  const { port: bound } = server.address() as AddressInfo;
  process.stdout.write(`listening http://127.0.0.1:${bound}\n`);
});
