import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Spider } from '../../spiders/spider.js';
import { Request } from '../../http/request.js';
import { crawl, startServer, type TestServer } from '../../../test/support/testServer.js';

describe('UserAgentMiddleware', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer((req, res) => res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok'));
  });
  afterAll(() => server.close());

  async function userAgentsSent(fields: Record<string, unknown>, settings: Record<string, unknown> = {}) {
    const tag = Math.random().toString(36).slice(2);
    const url = server.url;
    class S extends Spider {
      name = 'user-agent';
      override async *start() {
        yield new Request(`${url}/plain?${tag}`);
        yield new Request({ url: `${url}/own?${tag}`, headers: { 'User-Agent': 'mine/1.0' } });
      }
      override parse() {
        return [];
      }
    }
    Object.assign(S.prototype, fields);
    await crawl(S, settings);
    return Object.fromEntries(server.received.filter((r) => r.path.endsWith(tag)).map((r) => [r.path.split('?')[0], r.headers['user-agent'] ?? null]));
  }

  it('sets USER_AGENT on requests without one', async () => {
    expect(await userAgentsSent({}, { USER_AGENT: 'bot/2.0' })).toEqual({ '/plain': 'bot/2.0', '/own': 'mine/1.0' });
  });

  it('prefers the spider\'s userAgent field', async () => {
    expect(await userAgentsSent({ userAgent: 'spider-bot/3.0' }, { USER_AGENT: 'bot/2.0' })).toEqual({ '/plain': 'spider-bot/3.0', '/own': 'mine/1.0' });
  });

  it('sends no User-Agent when it is empty', async () => {
    expect(await userAgentsSent({}, { USER_AGENT: '' })).toEqual({ '/plain': null, '/own': 'mine/1.0' });
  });
});
