/**
 * The browser benchmark crawl, run as its own process by `bench/run.ts --browser`:
 * every page of the script-rendered bench site is rendered in Chromium
 * (`meta.playwright`, waiting for the content its script fetches), two fields
 * extracted, every link followed with dedup (the harness samples the memory
 * of this process and its browsers). Prints one JSON line of measurements.
 * Usage: browserCrawl.ts START_URL OUTPUT_FILE MAX_PAGES
 */
import { CrawlerProcess, Request, Spider, type TextResponse } from '@arachne/core';
import { PlaywrightDownloadHandler } from '@arachne/playwright';

const [startUrl, output, maxPagesArg] = process.argv.slice(2);
if (!startUrl || !output || !maxPagesArg) throw new Error('usage: browserCrawl.ts START_URL OUTPUT_FILE MAX_PAGES');
const maxPages = Number(maxPagesArg);
const RENDER = { playwright: { waitFor: 'h1.title' } };

class RenderedBenchSpider extends Spider<{ title: string | undefined; price: string | undefined; url: string }> {
  name = 'bench-rendered';

  override async *start() {
    yield new Request(startUrl!, { meta: RENDER });
  }

  override *parse(response: TextResponse) {
    yield {
      title: response.css('h1.title::text').get(),
      price: response.css('span.price::text').get(),
      url: response.url,
    };
    yield* response.followAll(response.css('main a::attr(href)'), { meta: RENDER });
  }
}

const crawlerProcess = new CrawlerProcess({
  HEAP_GROWTH_PERCENT: 30,
  CONCURRENT_REQUESTS: maxPages * 2,
  CONCURRENT_REQUESTS_PER_DOMAIN: maxPages * 2,
  LOG_LEVEL: 'WARNING',
  LOGSTATS_INTERVAL: 0,
  STATS_DUMP: false,
  DOWNLOAD_HANDLERS: { http: PlaywrightDownloadHandler, https: PlaywrightDownloadHandler },
  PLAYWRIGHT_MAX_PAGES: maxPages,
  FEEDS: { [output]: { format: 'jsonlines', overwrite: true } },
}, { installSignalHandlers: false });
const crawler = crawlerProcess.crawl(RenderedBenchSpider);
const cpuBefore = process.cpuUsage();
const started = performance.now();
const [reason] = await crawlerProcess.start();
const wallMs = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
process.stdout.write(JSON.stringify({
  reason,
  pages: crawler.stats.getValue('response_received_count', 0),
  items: crawler.stats.getValue('item_scraped_count', 0),
  wallMs,
  cpuMs: (cpu.user + cpu.system) / 1000,
  maxRssMB: process.resourceUsage().maxRSS / 1024,
  browsers: crawler.stats.getValue('playwright/browser_count', 0),
  crashes: crawler.stats.getValue('playwright/crash_count', 0),
}) + '\n');
