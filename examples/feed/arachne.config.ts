/** Project settings for the feed example: `pnpm crawl products` or `pnpm crawl stock` from this directory. */
import { defineConfig } from '@arachne/core';

export default defineConfig({
  BOT_NAME: 'feed',
  SPIDER_MODULES: ['spiders'],
  LOGSTATS_INTERVAL: 10,
  // Where the products spider's ImagesPipeline stores covers and thumbnails.
  IMAGES_STORE: 'images',
});
