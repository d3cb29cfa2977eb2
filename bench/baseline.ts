/**
 * The ceiling: a bare keep-alive HTTP client (undici) fetching every URL of
 * the bench site at the same concurrency, without parsing. Prints one JSON line.
 */
import { Agent, request } from 'undici';
import { siteUrls } from './site/urls.js';

const [origin, pagesArg, concurrencyArg] = process.argv.slice(2);
const urls = siteUrls(origin!, Number(pagesArg));
const concurrency = Number(concurrencyArg ?? 16);
const dispatcher = new Agent({ connections: concurrency, pipelining: 1 });

const cpuBefore = process.cpuUsage();
const started = performance.now();
let next = 0;
let bytes = 0;
async function worker(): Promise<void> {
  while (next < urls.length) {
    const { body } = await request(urls[next++]!, { dispatcher });
    bytes += (await body.arrayBuffer()).byteLength;
  }
}
await Promise.all(Array.from({ length: concurrency }, worker));
const wallMs = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
await dispatcher.close();
process.stdout.write(JSON.stringify({
  pages: urls.length,
  bytes,
  wallMs,
  cpuMs: (cpu.user + cpu.system) / 1000,
  maxRssMB: process.resourceUsage().maxRSS / 1024,
}) + '\n');
