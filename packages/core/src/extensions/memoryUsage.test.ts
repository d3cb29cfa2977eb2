import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Spider } from '../index.js';
import { crawl, startServer, type TestServer } from '../../test/support/testServer.js';

let server: TestServer;
beforeAll(async () => {
  // /slow answers after 100 ms, so a crawl of it sees several checks at a 10 ms interval.
  server = await startServer((req, res) => {
    const answer = () => res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
    if (req.url === '/slow') setTimeout(answer, 100);
    else answer();
  });
});
afterAll(() => server.close());

function spiderFor(path: string) {
  return class PageSpider extends Spider {
    name = 'memusage';
    override startUrls = [`${server.url}${path}`];
    override parse() {
      return [{ ok: true }];
    }
  };
}

describe('MemoryUsage', () => {
  it('records the RSS at startup and its peak', async () => {
    const { stat, crawler } = await crawl(spiderFor('/'));
    expect(crawler.stats.getValue('finish_reason')).toBe('finished');
    expect(stat('memusage/startup')).toBeGreaterThan(1024 * 1024);
    expect(stat('memusage/max')).toBeGreaterThanOrEqual(stat('memusage/startup')!);
    expect(stat('memusage/limit_reached')).toBeUndefined();
    expect(stat('memusage/warning_reached')).toBeUndefined();
  });

  it('closes the spider past MEMUSAGE_LIMIT_MB', async () => {
    const { stat, crawler, log } = await crawl(spiderFor('/'), { MEMUSAGE_LIMIT_MB: 1 });
    expect(crawler.stats.getValue('finish_reason')).toBe('memusage_exceeded');
    expect(stat('memusage/limit_reached')).toBe(1);
    expect(log).toMatch(/ERROR: Memory usage exceeded 1 MiB/);
  });

  it('warns once past MEMUSAGE_WARNING_MB, however many checks run', async () => {
    const { stat, crawler, log } = await crawl(spiderFor('/slow'), { MEMUSAGE_WARNING_MB: 1, MEMUSAGE_CHECK_INTERVAL_SECONDS: 0.01 });
    expect(crawler.stats.getValue('finish_reason')).toBe('finished');
    expect(stat('memusage/warning_reached')).toBe(1);
    expect(log.match(/WARNING: Memory usage reached 1 MiB/g)).toHaveLength(1);
  });

  it('is off with MEMUSAGE_ENABLED false', async () => {
    const { stat } = await crawl(spiderFor('/'), { MEMUSAGE_ENABLED: false, MEMUSAGE_LIMIT_MB: 1 });
    expect(stat('memusage/startup')).toBeUndefined();
  });
});
