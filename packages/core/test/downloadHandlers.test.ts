/** DOWNLOAD_HANDLERS: handlers per scheme, merged over http/https; reserved settings refused. */
import { describe, expect, it } from 'vitest';
import { Crawler, DownloadError, HtmlResponse, Request, Settings, SettingsError, Spider, type DownloadHandler, type TextResponse } from '../src/index.js';
import { startHttpsServer } from './support/testProxies.js';

/** Answers `memo:` URLs from memory: a handler for a scheme got does not know. */
class MemoHandler implements DownloadHandler {
  static built = 0;
  constructor() {
    MemoHandler.built++;
  }
  async download(request: Request) {
    return new HtmlResponse({ url: request.url, body: `<h1>${new URL(request.url).pathname}</h1>`, request });
  }
}

class MemoSpider extends Spider {
  name = 'memo';
  override async *start() {
    yield new Request('memo:first');
    yield new Request('memo:second');
  }
  override parse(response: TextResponse) {
    return [{ h1: response.css('h1::text').get() }];
  }
}

async function crawl(settings: Record<string, unknown>) {
  const crawler = new Crawler(MemoSpider, { LOG_ENABLED: false, LOGSTATS_INTERVAL: 0, STATS_DUMP: false, ...settings });
  const items: unknown[] = [];
  crawler.signals.on('itemScraped', ({ item }) => {
    items.push(item);
  });
  await crawler.crawl();
  return { items, stats: crawler.stats };
}

describe('DOWNLOAD_HANDLERS', () => {
  it('downloads a new scheme with the handler given for it, built once', async () => {
    MemoHandler.built = 0;
    const { items } = await crawl({ DOWNLOAD_HANDLERS: { memo: MemoHandler, memo2: MemoHandler } });
    expect(items).toEqual([{ h1: 'first' }, { h1: 'second' }]);
    expect(MemoHandler.built).toBe(1);
  });

  it('drops requests for a scheme disabled with null, counting the reason', async () => {
    const { items, stats } = await crawl({ DOWNLOAD_HANDLERS: { memo: null } });
    expect(items).toEqual([]);
    expect(stats.getValue('request_dropped_reasons_count/unsupported_scheme')).toBe(2);
  });
});

describe('a handler failure', () => {
  /** Fails each URL's first download with an error whose retryable mark the URL chooses. */
  class FlakyHandler implements DownloadHandler {
    readonly #tried = new Set<string>();
    async download(request: Request) {
      if (!this.#tried.has(request.url)) {
        this.#tried.add(request.url);
        const retryable = request.url.endsWith('yes') ? true : request.url.endsWith('no') ? false : undefined;
        // ECONNRESET alone would be retried: the mark wins over the code.
        throw new DownloadError(`backend lost ${request.url}`, request.url, { code: retryable === undefined ? 'ERR_FLAKY' : 'ECONNRESET', retryable });
      }
      return new HtmlResponse({ url: request.url, body: '<h1>ok</h1>', request });
    }
  }
  class FlakySpider extends MemoSpider {
    override async *start() {
      for (const name of ['yes', 'no', 'unmarked']) yield new Request(`memo:${name}`);
    }
  }

  it('is retried when the handler marks it retryable, and not when it marks it otherwise or gives an unknown code', async () => {
    const crawler = new Crawler(FlakySpider, { LOG_ENABLED: false, LOGSTATS_INTERVAL: 0, STATS_DUMP: false, RETRY_BACKOFF_BASE: 0.001, DOWNLOAD_HANDLERS: { memo: FlakyHandler } });
    const items: unknown[] = [];
    crawler.signals.on('itemScraped', ({ item, response }) => void items.push([response?.url, item]));
    await crawler.crawl();
    expect(items).toEqual([['memo:yes', { h1: 'ok' }]]);
    expect(crawler.stats.getValue('retry/count')).toBe(1);
    expect(crawler.stats.getValue('downloader/failure_count')).toBe(2);
  });
});

describe('the http(s) handler', () => {
  it('downloads https from a server with a self-signed certificate, which it does not verify (as Scrapy)', async () => {
    const secure = await startHttpsServer();
    class SecureSpider extends Spider {
      name = 'secure';
      override startUrls = [`${secure.url}/a`];
      override parse(response: TextResponse) {
        return [{ title: response.css('title::text').get(), status: response.status }];
      }
    }
    try {
      const crawler = new Crawler(SecureSpider, { LOG_ENABLED: false, LOGSTATS_INTERVAL: 0, STATS_DUMP: false, USER_AGENT: 'secure-test' });
      const items: unknown[] = [];
      crawler.signals.on('itemScraped', ({ item }) => {
        items.push(item);
      });
      await crawler.crawl();
      expect(items).toEqual([{ title: 'secure /a', status: 200 }]);
      expect(secure.received.map((r) => [r.path, r.headers['user-agent']])).toEqual([['/a', 'secure-test']]);
    } finally {
      await secure.close();
    }
  });
});

describe('reserved settings', () => {
  it.each(['JOBDIR', 'CONCURRENT_REQUESTS_PER_IP'])('refuses %s with a message saying it is not supported yet', (key) => {
    const settings = new Settings();
    expect(() => settings.setRaw(key, key === 'JOBDIR' ? '/tmp/job' : '2', 'cmdline')).toThrow(SettingsError);
    expect(() => settings.setRaw(key, key === 'JOBDIR' ? '/tmp/job' : '2', 'cmdline')).toThrow(/not supported yet/);
    expect(() => settings.setRaw(key, key === 'JOBDIR' ? null : 0)).not.toThrow();
  });
});
