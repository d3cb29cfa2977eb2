/**
 * Serves the demo shop's feeds and images in ./site on 127.0.0.1 (a free
 * port), so the example needs no network. The feeds name the shop's real
 * host (https://books.example.com); served here, their links point back to
 * this server.
 */
import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';

const SITE_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'site');
const SHOP_ORIGIN = 'https://books.example.com';
const TYPES: Record<string, string> = { '.xml': 'application/rss+xml; charset=utf-8', '.csv': 'text/csv; charset=utf-8', '.png': 'image/png' };

export interface DemoSite {
  url: string;
  close(): Promise<void>;
}

export async function startDemoSite(): Promise<DemoSite> {
  let origin = '';
  const server = http.createServer(async (req, res) => {
    const file = path.join(SITE_DIR, decodeURIComponent(new URL(req.url ?? '/', 'http://demo').pathname));
    if (!file.startsWith(SITE_DIR + path.sep)) {
      res.writeHead(400).end();
      return;
    }
    try {
      let body = await fs.readFile(file);
      if (file.endsWith('.xml') || file.endsWith('.csv')) body = Buffer.from(body.toString('utf8').replaceAll(SHOP_ORIGIN, origin));
      res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'Content-Length': body.length });
      res.end(body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found\n');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}/`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
