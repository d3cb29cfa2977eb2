import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Spider } from '../../spiders/spider.js';
import { Request } from '../../http/request.js';
import { crawl, startServer, type TestServer } from '../../../test/support/testServer.js';

describe('DefaultHeadersMiddleware', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer((req, res) => res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok'));
  });
  afterAll(() => server.close());

  it('adds DEFAULT_REQUEST_HEADERS without overriding the request\'s own', async () => {
    const url = server.url;
    class S extends Spider {
      name = 'default-headers';
      override async *start() {
        yield new Request({ url: `${url}/plain` });
        yield new Request({ url: `${url}/own`, headers: { 'accept-language': 'fr' } });
      }
      override parse() {
        return [];
      }
    }
    await crawl(S, { DEFAULT_REQUEST_HEADERS: { Accept: 'text/html', 'Accept-Language': 'en', 'X-Team': 'arachne' } });
    const byPath = Object.fromEntries(server.received.map((r) => [r.path, r.headers]));
    expect(byPath['/plain']).toMatchObject({ accept: 'text/html', 'accept-language': 'en', 'x-team': 'arachne' });
    expect(byPath['/own']).toMatchObject({ accept: 'text/html', 'accept-language': 'fr', 'x-team': 'arachne' });
  });
});
