/** Project settings: the Playwright handler takes http and https; only requests marked `meta.playwright` go to the browser. */
import { defineConfig } from '@arachne/core';
import { PlaywrightDownloadHandler } from '@arachne/playwright';

export default defineConfig({
  BOT_NAME: 'quotes-js',
  SPIDER_MODULES: ['spiders'],
  DOWNLOAD_HANDLERS: { http: PlaywrightDownloadHandler, https: PlaywrightDownloadHandler },
  PLAYWRIGHT_MAX_PAGES: 4,
  // Room for the plain author pages besides the four browser pages.
  CONCURRENT_REQUESTS: 12,
  PLAYWRIGHT_BLOCK_RESOURCES: ['image', 'font', 'media'],
  LOGSTATS_INTERVAL: 10,
});
