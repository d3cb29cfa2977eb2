import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Request, Spider, type Response, type SettingsInput } from '../index.js';
import { crawl, startServer, type TestServer } from '../../test/support/testServer.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok'));
});
afterAll(() => server.close());

/** From the start page, links to URLs of total length 60, 61 and 200. */
async function run(settings: SettingsInput) {
  const urlOfLength = (length: number) => `${server.url}/${'a'.repeat(length - server.url.length - 1)}`;
  class S extends Spider {
    name = 'urllength';
    override startUrls = [`${server.url}/`];
    override parse(response: Response) {
      if (response.url !== `${server.url}/`) return [];
      return [60, 61, 200].map((length) => new Request(urlOfLength(length)));
    }
  }
  const result = await crawl(S, settings);
  const fetched = server.received.map(({ path }) => `${server.url}${path}`.length);
  server.received.length = 0;
  return { ...result, fetched };
}

describe('UrlLengthMiddleware', () => {
  it('drops requests whose URL is longer than URLLENGTH_LIMIT, with a signal, a stat and a debug line', async () => {
    const { fetched, stat, log } = await run({ URLLENGTH_LIMIT: 60 });
    expect(fetched.slice(1)).toEqual([60]);
    expect(stat('urllength/request_ignored_count')).toBe(2);
    expect(stat('request_dropped_reasons_count/url_length')).toBe(2); // counted by CoreStats from the requestDropped signal
    expect(log).toMatch(/DEBUG: Ignoring link \(url length > 60\): http:\/\/127\.0\.0\.1:\d+\/a{50,}/);
  });

  it('drops long start requests too', async () => {
    class S extends Spider {
      name = 'urllength-start';
      override startUrls = [`${server.url}/short`, `${server.url}/${'b'.repeat(100)}`];
      override parse() {}
    }
    const { stat } = await crawl(S, { URLLENGTH_LIMIT: 60 });
    expect(server.received.map(({ path }) => path)).toEqual(['/short']);
    expect(stat('urllength/request_ignored_count')).toBe(1);
    server.received.length = 0;
  });

  it('is off with URLLENGTH_LIMIT 0', async () => {
    const { fetched, stat } = await run({ URLLENGTH_LIMIT: 0 });
    expect(fetched.slice(1).sort()).toEqual([200, 60, 61]);
    expect(stat('urllength/request_ignored_count')).toBeUndefined();
  });
});
