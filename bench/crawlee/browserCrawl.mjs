/**
 * The browser benchmark crawl in Crawlee's PlaywrightCrawler, for comparison
 * (run by `bench/run.ts --browser --crawlee`): the same site, the same wait
 * (`h1.title`), the same two fields and link following, on Debian's Chromium
 * (Crawlee's own browser download cannot work here), at most MAX_PAGES pages
 * open. Prints one JSON line of measurements.
 * Usage: node browserCrawl.mjs START_URL MAX_PAGES
 */
import { Configuration, PlaywrightCrawler } from '@crawlee/playwright';
import { performance } from 'node:perf_hooks';
import { chromium } from 'playwright';

const [startUrl, maxPagesArg] = process.argv.slice(2);
if (!startUrl || !maxPagesArg) throw new Error('usage: browserCrawl.mjs START_URL MAX_PAGES');
const maxPages = Number(maxPagesArg);
const origin = new URL(startUrl).origin;

let items = 0;
const crawler = new PlaywrightCrawler({
  launchContext: {
    launcher: chromium,
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      headless: true,
      args: ['--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
    },
  },
  // A fixed concurrency, as the Arachne crawl's PLAYWRIGHT_MAX_PAGES (Crawlee would otherwise scale it by its own load readings).
  minConcurrency: maxPages,
  maxConcurrency: maxPages,
  browserPoolOptions: { maxOpenPagesPerBrowser: maxPages },
  maxRequestRetries: 2,
  requestHandlerTimeoutSecs: 60,
  async requestHandler({ page, request, enqueueLinks }) {
    await page.waitForSelector('h1.title');
    const item = { title: await page.textContent('h1.title'), price: await page.textContent('span.price'), url: request.url };
    if (item.title !== null && item.price !== null) items++;
    await enqueueLinks({ selector: 'main a', baseUrl: origin, strategy: 'same-origin' });
  },
}, new Configuration({ persistStorage: false, purgeOnStart: true }));

const cpuBefore = process.cpuUsage();
const started = performance.now();
const stats = await crawler.run([startUrl]);
const wallMs = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
process.stdout.write(JSON.stringify({
  pages: stats.requestsFinished,
  failed: stats.requestsFailed,
  items,
  wallMs,
  cpuMs: (cpu.user + cpu.system) / 1000,
  maxRssMB: process.resourceUsage().maxRSS / 1024,
}) + '\n');
