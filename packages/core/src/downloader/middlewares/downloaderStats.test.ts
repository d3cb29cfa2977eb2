import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Spider } from '../../spiders/spider.js';
import { Request } from '../../http/request.js';
import { crawl, startServer, type TestServer } from '../../../test/support/testServer.js';

describe('DownloaderStats', () => {
  let server: TestServer;
  let refusedUrl: string;
  const BODY = 'x'.repeat(1000);
  beforeAll(async () => {
    server = await startServer((req, res) => {
      if (req.url === '/missing') res.writeHead(404, { 'Content-Type': 'text/plain' }).end('nope');
      else res.writeHead(200, { 'Content-Type': 'text/plain' }).end(BODY);
    });
    const closed = await startServer(() => undefined);
    await closed.close();
    refusedUrl = `${closed.url}/refused`;
  });
  afterAll(() => server.close());

  function spider(allowedDomains: string[] = []) {
    const { url, altUrl } = server;
    return class extends Spider {
      name = 'stats';
      override allowedDomains = allowedDomains;
      override async *start() {
        yield new Request(`${url}/a`);
        yield new Request({ url: `${url}/form`, method: 'POST', body: 'q=1' });
        yield new Request({ url: `${url}/missing`, meta: { handle_httpstatus_list: [404] } });
        yield new Request(refusedUrl);
        yield new Request(`${altUrl}/offsite`);
      }
      override parse() {
        return [];
      }
    };
  }

  it('counts requests, responses, bytes and exceptions under Scrapy\'s keys', async () => {
    const result = await crawl(spider(['127.0.0.1']), { RETRY_ENABLED: false });
    const stat = result.stat;
    expect(stat('downloader/request_count')).toBe(4); // the offsite request never reaches order 850
    expect(stat('downloader/request_method_count/GET')).toBe(3);
    expect(stat('downloader/request_method_count/POST')).toBe(1);
    expect(stat('downloader/response_count')).toBe(3);
    expect(stat('downloader/response_status_count/200')).toBe(2);
    expect(stat('downloader/response_status_count/404')).toBe(1);
    expect(stat('downloader/exception_count')).toBe(2);
    expect(stat('downloader/exception_type_count/DownloadError/ECONNREFUSED')).toBe(1);
    expect(stat('downloader/exception_type_count/IgnoreRequest')).toBe(1);
    // Request line, Host, the default headers (~200 B) and the POST body: a few hundred bytes each.
    expect(stat('downloader/request_bytes')).toBeGreaterThan(4 * 150);
    expect(stat('downloader/request_bytes')).toBeLessThan(4 * 600);
    const bodies = 2 * BODY.length + 'nope'.length;
    expect(stat('downloader/response_bytes')).toBeGreaterThan(bodies + 3 * 'HTTP/1.1 200 OK\r\n\r\n'.length);
    expect(stat('downloader/response_bytes')).toBeLessThan(bodies + 3 * 400);
  });

  it('is off with DOWNLOADER_STATS = false', async () => {
    const result = await crawl(spider(), { DOWNLOADER_STATS: false, RETRY_ENABLED: false });
    expect(Object.keys(result.crawler.stats.getStats()).filter((key) => key.startsWith('downloader/') && !key.startsWith('downloader/failure'))).toEqual([]);
  });
});
