/** Project settings for the books example: `arachne crawl books` from this directory. */
import { defineConfig } from '@arachne/core';

export default defineConfig({
  BOT_NAME: 'books',
  SPIDER_MODULES: ['spiders'],
  CONCURRENT_REQUESTS: 16,
  LOGSTATS_INTERVAL: 10,
});
