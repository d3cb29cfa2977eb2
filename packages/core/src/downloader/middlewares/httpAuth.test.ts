import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Spider } from '../../spiders/spider.js';
import { Request } from '../../http/request.js';
import type { Response } from '../../http/response.js';
import { crawl, startServer, type TestServer } from '../../../test/support/testServer.js';

const BASIC = `Basic ${Buffer.from('user:secret').toString('base64')}`;

describe('HttpAuthMiddleware', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer((req, res) => res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok'));
  });
  afterAll(() => server.close());

  /** Crawl /first on 127.0.0.1, then /same on 127.0.0.1 and /other on localhost; returns the Authorization each path received. */
  async function authorizationsSent(fields: Record<string, unknown>, extraRequests: Request[] = []) {
    const tag = Math.random().toString(36).slice(2);
    const { url, altUrl } = server;
    class S extends Spider {
      name = 'auth';
      override async *start() {
        yield new Request(`${url}/first?${tag}`);
      }
      override async *parse(response: Response) {
        if (response.url.includes('/first')) {
          yield new Request(`${url}/same?${tag}`);
          yield new Request(`${altUrl}/other?${tag}`);
          yield* extraRequests.map((request) => request.replace({ url: `${request.url}?${tag}` }));
        }
      }
    }
    Object.assign(S.prototype, fields);
    const result = await crawl(S);
    const sent = Object.fromEntries(
      server.received.filter((r) => r.path.endsWith(tag)).map((r) => [r.path.split('?')[0], r.headers.authorization ?? null]),
    );
    return { sent, log: result.log };
  }

  it('sends credentials only to the first request\'s domain when httpAuthDomain is not set, with a warning', async () => {
    const { sent, log } = await authorizationsSent({ httpUser: 'user', httpPass: 'secret' });
    expect(sent).toEqual({ '/first': BASIC, '/same': BASIC, '/other': null });
    expect(log).toContain('WARNING: httpAuthDomain is not set');
  });

  it('sends credentials only to httpAuthDomain and its subdomains', async () => {
    const { sent } = await authorizationsSent({ httpUser: 'user', httpPass: 'secret', httpAuthDomain: 'localhost' });
    expect(sent).toEqual({ '/first': null, '/same': null, '/other': BASIC });
  });

  it('sends credentials everywhere when httpAuthDomain is null', async () => {
    const { sent, log } = await authorizationsSent({ httpUser: 'user', httpPass: 'secret', httpAuthDomain: null });
    expect(sent).toEqual({ '/first': BASIC, '/same': BASIC, '/other': BASIC });
    expect(log).not.toContain('httpAuthDomain is not set');
  });

  it('keeps an Authorization header the request already has, and does nothing without credentials', async () => {
    const own = new Request({ url: `${server.url}/own`, headers: { Authorization: 'Bearer abc' } });
    const withAuth = await authorizationsSent({ httpUser: 'user', httpPass: 'secret', httpAuthDomain: null }, [own]);
    expect(withAuth.sent['/own']).toBe('Bearer abc');
    const without = await authorizationsSent({});
    expect(without.sent).toEqual({ '/first': null, '/same': null, '/other': null });
  });
});
