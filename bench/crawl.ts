/**
 * The benchmark crawl, run as its own process by `bench/run.ts`:
 * follow every link of the bench site with dedup, extract two fields per page,
 * write JSON lines. Prints one JSON line of measurements on stdout.
 */
import { CrawlerProcess, Spider, type TextResponse } from '@arachne/core';

const [startUrl, output] = process.argv.slice(2);
if (!startUrl || !output) throw new Error('usage: crawl.ts START_URL OUTPUT_FILE');

class BenchSpider extends Spider<{ title: string | undefined; price: string | undefined; url: string }> {
  name = 'bench';
  override startUrls = [startUrl!];

  override *parse(response: TextResponse) {
    yield {
      title: response.css('h1.title::text').get(),
      price: response.css('span.price::text').get(),
      url: response.url,
    };
    yield* response.followAll(response.css('a::attr(href)'));
  }
}

// Run as the `arachne` command runs a crawl: in a CrawlerProcess, with the V8 heap growth it sets.
const crawlerProcess = new CrawlerProcess({
  HEAP_GROWTH_PERCENT: 30,
  CONCURRENT_REQUESTS: 16,
  CONCURRENT_REQUESTS_PER_DOMAIN: 16,
  LOG_LEVEL: 'WARNING',
  LOGSTATS_INTERVAL: 0,
  STATS_DUMP: false,
  FEEDS: { [output]: { format: 'jsonlines', overwrite: true } },
}, { installSignalHandlers: false });
const cpuBefore = process.cpuUsage();
const started = performance.now();
const crawler = crawlerProcess.crawl(BenchSpider);
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
}) + '\n');
