import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Request } from '../../../http/request.js';
import { HtmlResponse, Response } from '../../../http/response.js';
import type { Spider } from '../../../spiders/spider.js';
import { FilesystemCacheStorage, type CacheEntryMeta } from './filesystemStorage.js';

const spider = { name: 'store' } as Spider;
const request = new Request('http://example.com/page?b=2&a=1');

function page(body: string, status = 200): Response {
  return new Response({
    url: 'http://example.com/final',
    status,
    headers: [['Content-Type', 'text/html'], ['Set-Cookie', 'a=1'], ['Set-Cookie', 'b=2']],
    body: Buffer.from(body),
  });
}

describe('FilesystemCacheStorage', () => {
  let dir: string;
  let now: number;
  let storage: FilesystemCacheStorage;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arachne-fscache-'));
    now = 1_000_000;
    storage = new FilesystemCacheStorage({ dir, expirationSecs: 60, now: () => now });
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const entryFiles = () => fs.readdirSync(storage.entryDir(spider, request)).sort();
  const readMeta = () => JSON.parse(fs.readFileSync(path.join(storage.entryDir(spider, request), 'meta.json'), 'utf8')) as CacheEntryMeta;

  it('round-trips status, repeated headers, body and URL, flagged cached and typed by Content-Type', async () => {
    await storage.storeResponse(spider, request, page('<title>one</title>'));
    const cached = await storage.retrieveResponse(spider, request);
    expect(cached).toBeInstanceOf(HtmlResponse);
    expect(cached!.url).toBe('http://example.com/final');
    expect(cached!.headers.getAll('set-cookie')).toEqual(['a=1', 'b=2']);
    expect(cached!.body.toString()).toBe('<title>one</title>');
    expect(cached!.flags).toEqual(['cached']);
    expect(cached!.request).toBe(request);
    // Same fingerprint, however the query is ordered.
    expect(await storage.retrieveResponse(spider, new Request('http://example.com/page?a=1&b=2'))).not.toBeNull();
    expect(await storage.retrieveResponse(spider, new Request('http://example.com/other'))).toBeNull();
  });

  it('expires entries after expirationSecs', async () => {
    await storage.storeResponse(spider, request, page('x'));
    now += 60;
    expect(await storage.retrieveResponse(spider, request)).not.toBeNull();
    now += 1;
    expect(await storage.retrieveResponse(spider, request)).toBeNull();
    expect(await new FilesystemCacheStorage({ dir, expirationSecs: 0, now: () => now + 1e9 }).retrieveResponse(spider, request)).not.toBeNull();
  });

  it('reads an entry whose store was killed before meta.json as a miss', async () => {
    const entry = storage.entryDir(spider, request);
    fs.mkdirSync(entry, { recursive: true });
    fs.writeFileSync(path.join(entry, 'body-0123456789ab'), 'half a bo');
    fs.writeFileSync(path.join(entry, 'meta.json.abcdef.tmp'), '{"url":"http://exa');
    expect(await storage.retrieveResponse(spider, request)).toBeNull();
  });

  it('keeps the previous entry whole when a re-store is killed halfway, and cleans up after the next store', async () => {
    await storage.storeResponse(spider, request, page('old'));
    const entry = storage.entryDir(spider, request);
    // Killed after writing the new body, before renaming the new meta.json into place.
    fs.writeFileSync(path.join(entry, 'body-ffffffffffff'), 'new');
    fs.writeFileSync(path.join(entry, 'meta.json.123456.tmp'), '{"status": 5');
    expect((await storage.retrieveResponse(spider, request))!.body.toString()).toBe('old');

    await storage.storeResponse(spider, request, page('newer', 203));
    const cached = await storage.retrieveResponse(spider, request);
    expect([cached!.status, cached!.body.toString()]).toEqual([203, 'newer']);
    expect(entryFiles()).toEqual([readMeta().body, 'meta.json'].sort());
  });

  it('reads a damaged meta.json as a miss rather than failing', async () => {
    await storage.storeResponse(spider, request, page('x'));
    fs.writeFileSync(path.join(storage.entryDir(spider, request), 'meta.json'), '{"trunc');
    expect(await storage.retrieveResponse(spider, request)).toBeNull();
  });

  it('serializes concurrent stores of one entry: the last one wins, one body remains', async () => {
    await Promise.all(['a', 'b', 'c', 'd'].map((body) => storage.storeResponse(spider, request, page(body))));
    expect((await storage.retrieveResponse(spider, request))!.body.toString()).toBe('d');
    expect(entryFiles()).toHaveLength(2);
  });
});
