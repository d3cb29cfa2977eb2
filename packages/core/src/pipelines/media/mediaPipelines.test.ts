/** FilesPipeline and ImagesPipeline in crawls of the test site's /media/ documents, storing into temporary folders. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MEDIA_DOCUMENTS, mediaFileBody, startTestSite, type TestSite } from '@arachne/testsite';
import { crawl, startServer, type TestServer } from '../../../test/support/testServer.js';
import { Crawler } from '../../engine/crawler.js';
import type { TextResponse } from '../../http/response.js';
import type { SettingsInput } from '../../settings/settings.js';
import { Spider } from '../../spiders/spider.js';
import type { FileResult } from './filesPipeline.js';

let site: TestSite;
let photos: TestServer;
let photo: Buffer;
const stores: string[] = [];
beforeAll(async () => {
  site = await startTestSite();
  photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 10, g: 200, b: 30 } } }).jpeg({ quality: 90 }).toBuffer();
  photos = await startServer((_req, res) => res.writeHead(200, { 'Content-Type': 'image/jpeg' }).end(photo));
});
afterAll(async () => {
  await Promise.all([site.close(), photos.close()]);
});
afterEach(() => {
  for (const store of stores.splice(0)) fs.rmSync(store, { recursive: true, force: true });
});

function tempStore(): string {
  const store = fs.mkdtempSync(path.join(os.tmpdir(), 'arachne-media-'));
  stores.push(store);
  return store;
}

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');
const md5 = (body: Buffer) => createHash('md5').update(body).digest('hex');

interface Document {
  title: string;
  fileUrls?: string[];
  imageUrls?: string[];
  files?: FileResult[];
  images?: FileResult[];
}

/** One item per document of /media/, naming its file and its cover by absolute URL. */
class DocumentSpider extends Spider<Document> {
  name = 'documents';
  override startUrls = [`${site.url}/media/`];

  override *parse(response: TextResponse) {
    for (const document of response.css('div.document')) {
      yield {
        title: document.css('h2::text').get(''),
        fileUrls: [response.urljoin(document.css('a.download::attr(href)').get(''))],
        imageUrls: [response.urljoin(document.css('img.cover::attr(src)').get(''))],
      };
    }
  }
}

async function crawlDocuments(settings: SettingsInput) {
  const result = await crawl(DocumentSpider, { LOG_LEVEL: 'DEBUG', ...settings });
  const byTitle = new Map(result.items.map((item) => [item.title as string, item as Document]));
  return { ...result, byTitle };
}

describe('FilesPipeline', () => {
  it('downloads the files items name through the crawl, stores them by the SHA-1 of their URL, and records them', async () => {
    const store = tempStore();
    const { byTitle, stat, log } = await crawlDocuments({ ITEM_PIPELINES: { FilesPipeline: 1 }, FILES_STORE: store });
    const report = `${site.url}/media/files/report-2023.pdf`;
    expect(byTitle.get('Annual report')!.files).toEqual([{ url: report, path: `full/${sha1(report)}.pdf`, checksum: md5(mediaFileBody('report-2023.pdf')), status: 'downloaded' }]);
    expect(fs.readFileSync(path.join(store, 'full', `${sha1(report)}.pdf`))).toEqual(mediaFileBody('report-2023.pdf'));
    expect(byTitle.get('Price list')!.files![0]!.path).toBe(`full/${sha1(`${site.url}/media/files/prices.csv`)}.csv`);
    // A redirect (MEDIA_ALLOW_REDIRECTS is off), a 404 and an empty file: logged, left out, the item kept.
    for (const title of ['Old brochure', 'Missing file', 'Empty file']) expect(byTitle.get(title)!.files).toEqual([]);
    expect(log).toContain(`WARNING: File (code: 302): Error downloading file from <GET ${site.url}/media/moved.pdf> referred in <None>`);
    expect(log).toContain(`WARNING: File (code: 404): Error downloading file from <GET ${site.url}/media/files/missing.pdf> referred in <None>`);
    expect(log).toContain(`WARNING: File (empty-content): Empty file from <GET ${site.url}/media/empty.pdf> referred in <None>: no-content`);
    expect([stat('file_count'), stat('file_status_count/downloaded')]).toEqual([2, 2]);
    // Through the downloader: its stats count the page and the five files.
    expect(stat('downloader/request_count')).toBe(1 + MEDIA_DOCUMENTS.length);
  });

  it('does not download a file stored less than FILES_EXPIRES days ago, and does once it has expired', async () => {
    const store = tempStore();
    const settings = { ITEM_PIPELINES: { FilesPipeline: 1 }, FILES_STORE: store };
    await crawlDocuments(settings);
    const hits = () => site.hits.get('/media/files/report-2023.pdf') ?? 0;
    const before = hits();
    const again = await crawlDocuments(settings);
    expect(again.byTitle.get('Annual report')!.files![0]).toMatchObject({ status: 'uptodate', checksum: md5(mediaFileBody('report-2023.pdf')) });
    expect(again.stat('file_status_count/uptodate')).toBe(2);
    expect(hits()).toBe(before);
    const expired = await crawlDocuments({ ...settings, FILES_EXPIRES: 0 });
    expect(expired.byTitle.get('Annual report')!.files![0]!.status).toBe('downloaded');
    expect(hits()).toBe(before + 1);
  });

  it('follows redirects with MEDIA_ALLOW_REDIRECTS, naming the file by the URL the item gave', async () => {
    const store = tempStore();
    const { byTitle } = await crawlDocuments({ ITEM_PIPELINES: { FilesPipeline: 1 }, FILES_STORE: store, MEDIA_ALLOW_REDIRECTS: true });
    const moved = `${site.url}/media/moved.pdf`;
    expect(byTitle.get('Old brochure')!.files).toEqual([{ url: moved, path: `full/${sha1(moved)}.pdf`, checksum: md5(mediaFileBody('brochure-2019.pdf')), status: 'downloaded' }]);
  });

  it('retries a failing download as any request, and uses the field names of the settings', async () => {
    const store = tempStore();
    const flaky = `${site.url}/retry-after?status=503&seconds=0&fail=1&key=media-flaky`;
    class Flaky extends Spider {
      name = 'flaky';
      override async *start() {
        yield { attachments: [flaky] };
      }
    }
    const { items, stat } = await crawl(Flaky, { ITEM_PIPELINES: { FilesPipeline: 1 }, FILES_STORE: store, FILES_URLS_FIELD: 'attachments', FILES_RESULT_FIELD: 'stored', RETRY_BACKOFF_BASE: 0 });
    expect(items[0]!.stored).toEqual([expect.objectContaining({ url: flaky, path: `full/${sha1(flaky)}`, status: 'downloaded' })]);
    expect(stat('retry/count')).toBe(1);
  });

  it('fails at start without FILES_STORE, and names an item field that is not a list', async () => {
    await expect(new Crawler(DocumentSpider, { LOG_ENABLED: false, ITEM_PIPELINES: { FilesPipeline: 1 } }).crawl()).rejects.toThrow(/FilesPipeline needs FILES_STORE/);
    class OneUrl extends Spider {
      name = 'one-url';
      override async *start() {
        yield { fileUrls: `${site.url}/media/files/a.pdf` };
      }
    }
    const { items, log } = await crawl(OneUrl, { ITEM_PIPELINES: { FilesPipeline: 1 }, FILES_STORE: tempStore() });
    expect(items).toEqual([]);
    expect(log).toContain('FilesPipeline: the item\'s "fileUrls" must be a list of URLs, got "http');
  });
});

describe('ImagesPipeline', () => {
  it('stores images as JPEG with thumbnails, flattens transparency, drops small ones, downloads a shared one once', async () => {
    const store = tempStore();
    const before = site.hits.get('/media/images/300x200.png') ?? 0;
    const { byTitle, log, stat } = await crawlDocuments({
      ITEM_PIPELINES: { ImagesPipeline: 1 },
      IMAGES_STORE: store,
      IMAGES_THUMBS: { small: [50, 50], big: [270, 270] },
      IMAGES_MIN_WIDTH: 20,
    });
    const cover = `${site.url}/media/images/300x200.png`;
    const [result] = byTitle.get('Annual report')!.images!;
    expect(result).toEqual({ url: cover, path: `full/${sha1(cover)}.jpg`, checksum: expect.stringMatching(/^[0-9a-f]{32}$/), status: 'downloaded' });
    // The same cover for two documents: one download, the same result.
    expect(byTitle.get('Old brochure')!.images).toEqual([result]);
    expect((site.hits.get('/media/images/300x200.png') ?? 0) - before).toBe(1);

    const full = fs.readFileSync(path.join(store, result!.path));
    expect(md5(full)).toBe(result!.checksum);
    expect(await sharp(full).metadata()).toMatchObject({ format: 'jpeg', width: 300, height: 200 });
    expect(await sharp(path.join(store, 'thumbs', 'small', `${sha1(cover)}.jpg`)).metadata()).toMatchObject({ format: 'jpeg', width: 50, height: 33 });
    // Never enlarged: 300x200 fits in 270x270 as 270x180.
    expect(await sharp(path.join(store, 'thumbs', 'big', `${sha1(cover)}.jpg`)).metadata()).toMatchObject({ width: 270, height: 180 });

    // Half-transparent red on white: pink, as Scrapy's conversion gives.
    const alpha = byTitle.get('Price list')!.images![0]!;
    const { data } = await sharp(path.join(store, alpha.path)).raw().toBuffer({ resolveWithObject: true });
    expect([...data.subarray(0, 3)].map((channel) => Math.round(channel / 8))).toEqual([32, 16, 16]);

    expect(byTitle.get('Missing file')!.images).toEqual([]);
    expect(log).toContain(`WARNING: File (error): Error processing image from <GET ${site.url}/media/images/12x12.png> referred in <None>: Image too small (12x12 < 20x0)`);
    expect(byTitle.get('Empty file')!.images).toEqual([]);
    expect(stat('file_status_count/downloaded')).toBe(3);
  });

  it('keeps a JPEG as it was downloaded', async () => {
    const store = tempStore();
    class Photo extends Spider {
      name = 'photo';
      override async *start() {
        yield { imageUrls: [`${photos.url}/photo.jpg`] };
      }
    }
    const { items } = await crawl(Photo, { ITEM_PIPELINES: { ImagesPipeline: 1 }, IMAGES_STORE: store });
    const [stored] = items[0]!.images as FileResult[];
    expect(fs.readFileSync(path.join(store, stored!.path))).toEqual(photo);
    expect(stored!.checksum).toBe(md5(photo));
  });

  it('rejects IMAGES_THUMBS of the wrong shape at start', async () => {
    await expect(new Crawler(DocumentSpider, { LOG_ENABLED: false, ITEM_PIPELINES: { ImagesPipeline: 1 }, IMAGES_STORE: tempStore(), IMAGES_THUMBS: { small: 50 } as never }).crawl()).rejects.toThrow(
      /IMAGES_THUMBS must map a thumbnail name to \[width, height\]/,
    );
  });
});
