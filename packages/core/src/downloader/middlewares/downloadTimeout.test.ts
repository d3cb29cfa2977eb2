import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Spider } from '../../spiders/spider.js';
import { Request } from '../../http/request.js';
import type { Response } from '../../http/response.js';
import { crawl, startServer, type TestServer } from '../../../test/support/testServer.js';

describe('DownloadTimeoutMiddleware', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer((req, res) => {
      if (req.url === '/hang') return; // never answers
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
    });
  });
  afterAll(() => server.close());

  function spiderWith(fields: Record<string, unknown>, meta: Record<string, unknown> = {}) {
    const url = `${server.url}/ok`;
    class S extends Spider {
      name = 'timeout';
      override async *start() {
        yield new Request({ url, meta, dontFilter: true });
      }
      override parse(response: Response) {
        return [{ timeout: response.meta.download_timeout }];
      }
    }
    Object.assign(S.prototype, fields);
    return S;
  }

  it('sets meta.download_timeout from DOWNLOAD_TIMEOUT', async () => {
    const { items } = await crawl(spiderWith({}), { DOWNLOAD_TIMEOUT: 42 });
    expect(items).toEqual([{ timeout: 42 }]);
  });

  it('prefers the spider\'s downloadTimeout, and keeps a timeout the request sets', async () => {
    expect((await crawl(spiderWith({ downloadTimeout: 7 }), { DOWNLOAD_TIMEOUT: 42 })).items).toEqual([{ timeout: 7 }]);
    expect((await crawl(spiderWith({ downloadTimeout: 7 }, { download_timeout: 3 }))).items).toEqual([{ timeout: 3 }]);
  });

  it('makes a slow download fail with DownloadTimeoutError', async () => {
    const url = `${server.url}/hang`;
    class S extends Spider {
      name = 'timeout-hang';
      override downloadTimeout = 0.2;
      override startUrls = [url];
      override parse() {
        return [];
      }
    }
    const result = await crawl(S, { RETRY_ENABLED: false });
    expect(result.stat('downloader/exception_type_count/DownloadTimeoutError')).toBe(1);
    expect(result.log).toMatch(/ERROR: Error downloading <GET .*\/hang>: DownloadTimeoutError: Getting .* took longer than 0.2 seconds/);
  });
});
