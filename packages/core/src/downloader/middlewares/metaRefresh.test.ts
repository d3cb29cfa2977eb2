import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Spider } from '../../spiders/spider.js';
import { Request, type RequestInit } from '../../http/request.js';
import type { Response } from '../../http/response.js';
import { findMetaRefresh } from './metaRefresh.js';
import { crawl, startServer, type TestServer } from '../../../test/support/testServer.js';

describe('findMetaRefresh', () => {
  it('reads the delay and URL in the usual spellings', () => {
    expect(findMetaRefresh('<meta http-equiv="refresh" content="0; url=/next">')).toEqual({ delay: 0, url: '/next' });
    expect(findMetaRefresh('<META HTTP-EQUIV="Refresh" CONTENT="5;URL=\'http://x.test/a b\'">')).toEqual({ delay: 5, url: 'http://x.test/a b' });
    expect(findMetaRefresh('<meta content="2.5, http://x.test/" http-equiv="refresh">')).toEqual({ delay: 2.5, url: 'http://x.test/' });
    expect(findMetaRefresh('<meta http-equiv="refresh" content="0;url=/p?a=1&amp;b=2">')).toEqual({ delay: 0, url: '/p?a=1&b=2' });
  });

  it('ignores refreshes without a URL, in comments, in scripts, and in ignored tags', () => {
    expect(findMetaRefresh('<meta http-equiv="refresh" content="30">')).toBeNull();
    expect(findMetaRefresh('<meta name="refresh" content="0; url=/x">')).toBeNull();
    expect(findMetaRefresh('<!-- <meta http-equiv="refresh" content="0; url=/x"> -->')).toBeNull();
    expect(findMetaRefresh('<script>document.write(\'<meta http-equiv="refresh" content="0; url=/x">\')</script>')).toBeNull();
    const noscript = '<noscript><meta http-equiv="refresh" content="0; url=/nojs"></noscript><meta http-equiv="refresh" content="1; url=/js">';
    expect(findMetaRefresh(noscript)).toEqual({ delay: 0, url: '/nojs' });
    expect(findMetaRefresh(noscript, new Set(['noscript']))).toEqual({ delay: 1, url: '/js' });
  });
});

describe('MetaRefreshMiddleware', () => {
  let server: TestServer;
  const pages: Record<string, { type: string; body: string }> = {
    '/refresh': { type: 'text/html', body: '<html><head><meta http-equiv="refresh" content="0; url=landing"></head></html>' },
    '/slow': { type: 'text/html', body: '<html><head><meta http-equiv="refresh" content="200; url=/landing"></head></html>' },
    '/plain': { type: 'text/plain', body: '<meta http-equiv="refresh" content="0; url=/landing">' },
    '/noscript': { type: 'text/html', body: '<html><head><noscript><meta http-equiv="refresh" content="0; url=/landing"></noscript></head></html>' },
    '/based': { type: 'text/html', body: '<html><head><base href="/base/dir/"><meta http-equiv="refresh" content="0; url=page"></head></html>' },
  };
  beforeAll(async () => {
    server = await startServer((req, res) => {
      const page = pages[new URL(req.url ?? '/', 'http://x').pathname] ?? { type: 'text/plain', body: 'landed' };
      res.writeHead(200, { 'Content-Type': page.type }).end(page.body);
    });
  });
  afterAll(() => server.close());

  async function follow(init: RequestInit, settings: Record<string, unknown> = {}) {
    class S extends Spider {
      name = 'metarefresh';
      override async *start() {
        yield new Request(init);
      }
      override parse(response: Response) {
        return [{ url: response.url, reasons: response.meta.redirect_reasons ?? [], method: response.request.method }];
      }
    }
    return (await crawl(S, settings)).items;
  }

  it('follows a meta refresh in HTML, as a GET, resolving the URL against the page (and its <base>)', async () => {
    expect(await follow({ url: `${server.url}/dir/../refresh`, method: 'POST', body: 'x=1' })).toEqual([
      { url: `${server.url}/landing`, reasons: ['meta refresh'], method: 'GET' },
    ]);
    expect(await follow({ url: `${server.url}/based` })).toEqual([{ url: `${server.url}/base/dir/page`, reasons: ['meta refresh'], method: 'GET' }]);
  });

  it('does not follow a delay at or over METAREFRESH_MAXDELAY, non-HTML, HEAD, or dont_redirect', async () => {
    expect(await follow({ url: `${server.url}/slow` })).toMatchObject([{ url: `${server.url}/slow` }]);
    expect(await follow({ url: `${server.url}/slow` }, { METAREFRESH_MAXDELAY: 201 })).toMatchObject([{ url: `${server.url}/landing` }]);
    expect(await follow({ url: `${server.url}/plain` })).toMatchObject([{ url: `${server.url}/plain` }]);
    expect(await follow({ url: `${server.url}/refresh`, method: 'HEAD' })).toMatchObject([{ url: `${server.url}/refresh` }]);
    expect(await follow({ url: `${server.url}/refresh`, meta: { dont_redirect: true } })).toMatchObject([{ url: `${server.url}/refresh` }]);
    expect(await follow({ url: `${server.url}/refresh` }, { METAREFRESH_ENABLED: false })).toMatchObject([{ url: `${server.url}/refresh` }]);
  });

  it('follows refreshes inside <noscript> unless METAREFRESH_IGNORE_TAGS lists it', async () => {
    expect(await follow({ url: `${server.url}/noscript` })).toMatchObject([{ url: `${server.url}/landing` }]);
    expect(await follow({ url: `${server.url}/noscript` }, { METAREFRESH_IGNORE_TAGS: ['noscript'] })).toMatchObject([{ url: `${server.url}/noscript` }]);
  });
});
