/**
 * Run one spider to the end in this process; resolves with the close reason.
 * If the reader of stdout or stderr goes away (`arachne crawl x -o - | head -1`),
 * the crawl stops gracefully, so that other feeds are still completed.
 */
import { CrawlerProcess, type Settings, type SpiderArgs, type SpiderClass } from '@arachne/core';
import type { UserModules } from './userModule.js';

export interface RunCrawlOptions {
  settings: Settings;
  args: SpiderArgs;
  /** Loads components given by path (`"./pipelines.ts:MyPipeline"`), compiled like spider files. */
  modules: UserModules;
}

export async function runCrawl(spiderClass: SpiderClass, { settings, args, modules }: RunCrawlOptions): Promise<string> {
  const crawlerProcess = new CrawlerProcess(settings, { loadModule: modules.load });
  const stopOnBrokenPipe = (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') void crawlerProcess.stop();
  };
  process.stdout.on('error', stopOnBrokenPipe);
  process.stderr.on('error', stopOnBrokenPipe);
  try {
    crawlerProcess.crawl(spiderClass, args);
    const [reason] = await crawlerProcess.start();
    return reason ?? 'finished';
  } finally {
    process.stdout.off('error', stopOnBrokenPipe);
    process.stderr.off('error', stopOnBrokenPipe);
  }
}
