import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Spider } from '../../spiders/spider.js';
import { Request } from '../../http/request.js';
import type { Response } from '../../http/response.js';
import { DomainSet } from './domains.js';
import { crawl, startServer, type TestServer } from '../../../test/support/testServer.js';

describe('DomainSet', () => {
  it('matches a domain and its subdomains, not look-alikes', () => {
    const domains = new DomainSet(['example.com', '.Other.org']);
    expect(domains.has('example.com')).toBe(true);
    expect(domains.has('www.example.com')).toBe(true);
    expect(domains.has('a.b.example.com')).toBe(true);
    expect(domains.has('other.org')).toBe(true);
    expect(domains.has('badexample.com')).toBe(false);
    expect(domains.has('example.com.evil.net')).toBe(false);
    expect(domains.has('com')).toBe(false);
  });
});

describe('OffsiteMiddleware', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer((req, res) => {
      const path = req.url ?? '/';
      if (path === '/redirect-away') {
        res.writeHead(302, { Location: `${server.altUrl}/away` }).end();
        return;
      }
      res.writeHead(200, { 'Content-Type': 'text/html' }).end(`<p>${path}</p>`);
    });
  });
  afterAll(() => server.close());

  const hostOf = (url: string) => new URL(url).hostname;

  it('drops requests to other hosts, once logged per domain, counted by stats and dropped-reason', async () => {
    const origin = server.url;
    const alt = server.altUrl;
    class S extends Spider {
      name = 'offsite';
      override allowedDomains = ['127.0.0.1'];
      override startUrls = [`${origin}/start`];
      override async *parse(response: Response) {
        yield { url: response.url };
        if (response.url.endsWith('/start')) {
          yield new Request(`${origin}/onsite`);
          yield new Request(`${alt}/one`);
          yield new Request(`${alt}/two`);
          yield new Request({ url: `${alt}/allowed-by-meta`, meta: { allow_offsite: true } });
          yield new Request({ url: `${alt}/allowed-by-dont-filter`, dontFilter: true });
        }
      }
    }
    const result = await crawl(S);
    expect(result.items.map((item) => new URL(item.url).pathname).sort()).toEqual(['/allowed-by-dont-filter', '/allowed-by-meta', '/onsite', '/start']);
    expect(result.stat('offsite/filtered')).toBe(2);
    expect(result.stat('offsite/domains')).toBe(1);
    expect(result.stat('request_dropped_reasons_count/offsite')).toBe(2);
    const logged = result.log.split('\n').filter((line) => line.includes('Filtered offsite request'));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain(`DEBUG: Filtered offsite request to 'localhost': <GET ${alt}/one>`);
    expect(server.received.some((r) => r.path === '/one' || r.path === '/two')).toBe(false);
  });

  it('allows subdomains and filters start requests that are not dontFilter', async () => {
    const origin = server.url;
    class S extends Spider {
      name = 'offsite-start';
      override allowedDomains = ['0.0.1']; // 127.0.0.1 is "a subdomain" of 0.0.1, as with Scrapy's suffix rule
      override async *start() {
        yield new Request(`${origin}/sub-ok`);
        yield new Request(`${server.altUrl}/start-away`);
      }
      override async *parse(response: Response) {
        yield { url: response.url };
      }
    }
    const result = await crawl(S);
    expect(result.items.map((item) => new URL(item.url).pathname)).toEqual(['/sub-ok']);
    expect(result.stat('offsite/filtered')).toBe(1);
  });

  it('filters a redirect to an offsite host (the new request goes through the middleware again)', async () => {
    const origin = server.url;
    class S extends Spider {
      name = 'offsite-redirect';
      override allowedDomains = [hostOf(origin)];
      override async *start() {
        yield new Request(`${origin}/redirect-away`);
      }
      override async *parse(response: Response) {
        yield { url: response.url };
      }
    }
    const before = server.received.filter((r) => r.path === '/away').length;
    const result = await crawl(S);
    expect(result.items).toEqual([]);
    expect(result.stat('offsite/filtered')).toBe(1);
    expect(server.received.filter((r) => r.path === '/away').length).toBe(before);
  });

  it('warns about and ignores entries with a URL or a port', async () => {
    const origin = server.url;
    class S extends Spider {
      name = 'offsite-bad-entries';
      override allowedDomains = [`${origin}`, 'localhost:8080', hostOf(origin)];
      override startUrls = [`${origin}/ok`];
      override async *parse(response: Response) {
        yield { url: response.url };
        yield new Request(`${server.altUrl}/not-allowed`);
      }
    }
    const result = await crawl(S);
    expect(result.items).toHaveLength(1);
    expect(result.stat('offsite/filtered')).toBe(1);
    expect(result.log).toContain(`WARNING: allowedDomains accepts only domains, not URLs. Ignoring URL entry ${origin} in allowedDomains.`);
    expect(result.log).toContain('WARNING: allowedDomains accepts only domains without ports. Ignoring entry localhost:8080 in allowedDomains.');
  });

  it('allows everything when allowedDomains is empty', async () => {
    class S extends Spider {
      name = 'offsite-none';
      override startUrls = [`${server.url}/a`];
      override async *parse(response: Response) {
        yield { url: response.url };
        if (response.url.endsWith('/a')) yield new Request(`${server.altUrl}/b`);
      }
    }
    const result = await crawl(S);
    expect(result.items).toHaveLength(2);
    expect(result.stat('offsite/filtered')).toBeUndefined();
  });
});

describe('a request dropped on purpose, with an errback', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<p>ok</p>'));
  });
  afterAll(() => server.close());

  it('is counted by requestDropped like any other, and its errback still gets the IgnoreRequest', async () => {
    const failures: string[] = [];
    const alt = server.altUrl;
    class S extends Spider {
      name = 'offsite-errback';
      override allowedDomains = ['127.0.0.1'];
      override async *start() {
        yield new Request(`${alt}/elsewhere`, { errback: (failure) => void failures.push(`${failure.error.name}: ${failure.request.url}`) });
      }
    }
    const { crawler } = await crawl(S);
    expect(crawler.stats.getValue('request_dropped_reasons_count/offsite')).toBe(1);
    expect(crawler.stats.getValue('request_dropped_count')).toBe(1);
    expect(failures).toEqual([`IgnoreRequest: ${alt}/elsewhere`]);
  });
});
