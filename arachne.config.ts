/** The repository root is a project too, so `pnpm crawl <name>` runs any example's spider. */
import { defineConfig } from '@arachne/core';

export default defineConfig({
  BOT_NAME: 'arachne-examples',
  SPIDER_MODULES: ['examples/*/spiders'],
});
