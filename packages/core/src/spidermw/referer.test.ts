import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Request, SettingsError, Spider, type Response, type SettingsInput } from '../index.js';
import { crawl, startServer, type TestServer } from '../../test/support/testServer.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/page') {
      const policy = url.searchParams.get('policy');
      res.writeHead(200, { 'Content-Type': 'text/html', ...(policy ? { 'Referrer-Policy': policy } : {}) }).end('<html></html>');
    } else if (url.pathname === '/redirect') {
      res.writeHead(302, { Location: url.searchParams.get('to') ?? '/' }).end();
    } else {
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
    }
  });
});
afterAll(() => server.close());

interface Link {
  url: string;
  meta?: Record<string, any>;
  headers?: Record<string, string>;
}

/** Opens `page` (a path with query) and follows `links`; returns the Referer each request arrived with, by path. */
async function referers(page: string, links: (base: TestServer) => Link[], settings: SettingsInput = {}): Promise<Map<string, string | undefined>> {
  const start = `${server.url}${page}`;
  class S extends Spider {
    name = 'referer';
    override startUrls = [start];
    override parse(response: Response) {
      if (response.url !== start) return [];
      return links(server).map((link) => new Request({ ...link, callback: () => [] }));
    }
  }
  const before = server.received.length;
  await crawl(S, settings);
  const seen = new Map<string, string | undefined>();
  for (const { path, headers } of server.received.slice(before)) seen.set(path, headers.referer as string | undefined);
  return seen;
}

function links(base: TestServer): Link[] {
  return [{ url: `${base.url}/same` }, { url: `${base.altUrl}/cross` }];
}

describe('RefererMiddleware', () => {
  it('sends the page URL without its fragment, and nothing on start requests', async () => {
    const seen = await referers('/page?a=1#top', links);
    expect(seen.get('/page?a=1')).toBeUndefined();
    expect(seen.get('/same')).toBe(`${server.url}/page?a=1`);
    expect(seen.get('/cross')).toBe(`${server.url}/page?a=1`);
  });

  it('follows REFERRER_POLICY', async () => {
    const seen = await referers('/page', links, { REFERRER_POLICY: 'same-origin' });
    expect(seen.get('/same')).toBe(`${server.url}/page`);
    expect(seen.get('/cross')).toBeUndefined();
  });

  it('prefers the response\'s Referrer-Policy header over the setting', async () => {
    const seen = await referers('/page?policy=origin', links, { REFERRER_POLICY: 'unsafe-url' });
    expect(seen.get('/same')).toBe(`${server.url}/`);
    expect(seen.get('/cross')).toBe(`${server.url}/`);
  });

  it('prefers meta.referrer_policy over the header, and ignores an unknown one', async () => {
    const seen = await referers('/page?policy=no-referrer', (base) => [
      { url: `${base.url}/same`, meta: { referrer_policy: 'strict-origin-when-cross-origin' } },
      { url: `${base.altUrl}/cross`, meta: { referrer_policy: 'strict-origin-when-cross-origin' } },
      { url: `${base.url}/typo`, meta: { referrer_policy: 'no-such-policy' } },
    ], { REFERRER_POLICY: 'unsafe-url' });
    expect(seen.get('/same')).toBe(`${server.url}/page?policy=no-referrer`);
    expect(seen.get('/cross')).toBe(`${server.url}/`);
    expect(seen.get('/typo')).toBe(`${server.url}/page?policy=no-referrer`); // the setting's policy
  });

  it('keeps a Referer the spider set itself', async () => {
    const seen = await referers('/page', (base) => [{ url: `${base.url}/same`, headers: { Referer: 'https://example.com/mine' } }]);
    expect(seen.get('/same')).toBe('https://example.com/mine');
  });

  it('applies the policy again when a redirect changes the origin', async () => {
    const redirectTo = (target: string) => `/redirect?to=${encodeURIComponent(target)}`;
    const stripped = await referers('/page', (base) => [{ url: `${base.url}${redirectTo(`${base.altUrl}/landing`)}` }], { REFERRER_POLICY: 'origin-when-cross-origin' });
    expect(stripped.get(redirectTo(`${server.altUrl}/landing`))).toBe(`${server.url}/page`);
    expect(stripped.get('/landing')).toBe(`${server.url}/`);
    const removed = await referers('/page', (base) => [{ url: `${base.url}${redirectTo(`${base.altUrl}/landing`)}` }], { REFERRER_POLICY: 'same-origin' });
    expect(removed.get(redirectTo(`${server.altUrl}/landing`))).toBe(`${server.url}/page`);
    expect(removed.has('/landing')).toBe(true);
    expect(removed.get('/landing')).toBeUndefined();
  });

  it('is off with REFERER_ENABLED false', async () => {
    const seen = await referers('/page', links, { REFERER_ENABLED: false });
    expect(seen.get('/same')).toBeUndefined();
  });

  it('rejects an unknown REFERRER_POLICY at start', async () => {
    await expect(referers('/page', links, { REFERRER_POLICY: 'sometimes' })).rejects.toThrow(SettingsError);
  });
});
