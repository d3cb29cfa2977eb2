/** Project settings for the login example: `pnpm crawl orders` from this directory. */
import { defineConfig } from '@arachne/core';

export default defineConfig({
  BOT_NAME: 'orders',
  SPIDER_MODULES: ['spiders'],
  // Invoices are downloaded by FilesPipeline, with the session cookie, into ./invoices/full/.
  ITEM_PIPELINES: { FilesPipeline: 1 },
  FILES_STORE: 'invoices',
  FILES_URLS_FIELD: 'invoiceUrls',
  FILES_RESULT_FIELD: 'invoices',
  LOGSTATS_INTERVAL: 10,
});
