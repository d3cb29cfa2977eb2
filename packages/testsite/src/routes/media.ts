/**
 * Files and images for the media pipelines. /media/ lists documents, each
 * with a file link and a cover image, among them the failures real sites
 * have: a missing file (404), an empty one, a redirect, an image too small, a
 * transparent PNG, and a cover shared by two documents.
 *
 * /media/files/NAME: a deterministic body per name (a PDF-like or CSV text).
 * /media/images/WxH.png and WxH-alpha.png: a solid PNG of that size (opaque
 * blue, or half-transparent red), encoded here with node:zlib.
 */
import { crc32, deflateSync } from 'node:zlib';
import { page } from '../html.js';
import { badRequest, send, sendHtml, type Ctx, type Route } from '../http.js';

export interface MediaDocument {
  title: string;
  file: string;
  image: string;
}

/** What /media/ lists, in order. */
export const MEDIA_DOCUMENTS: readonly MediaDocument[] = [
  { title: 'Annual report', file: '/media/files/report-2023.pdf', image: '/media/images/300x200.png' },
  { title: 'Price list', file: '/media/files/prices.csv', image: '/media/images/120x240-alpha.png' },
  { title: 'Old brochure', file: '/media/moved.pdf', image: '/media/images/300x200.png' },
  { title: 'Missing file', file: '/media/files/missing.pdf', image: '/media/images/12x12.png' },
  { title: 'Empty file', file: '/media/empty.pdf', image: '/media/images/missing.png' },
];

export function mediaFileBody(name: string): Buffer {
  if (name.endsWith('.csv')) return Buffer.from(`sku,price\n${Array.from({ length: 20 }, (_, i) => `${name}-${i},${i}.99`).join('\n')}\n`);
  return Buffer.from(`%PDF-1.4\n% ${name}\n${'0123456789abcdef'.repeat(64)}\n%%EOF\n`);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A solid-colour RGBA PNG. */
export function solidPng(width: number, height: number, rgba: readonly [number, number, number, number]): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits per channel, RGBA, deflate, no filter method, no interlace
  const row = Buffer.alloc(1 + width * 4);
  for (let x = 0; x < width; x++) row.set(rgba, 1 + x * 4);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(pixels)), chunk('IEND', Buffer.alloc(0))]);
}

function index({ res }: Ctx): void {
  const documents = MEDIA_DOCUMENTS.map(
    ({ title, file, image }) => `    <div class="document">
      <h2>${title}</h2>
      <img class="cover" src="${image}" alt="">
      <a class="download" href="${file}">Download</a>
    </div>`,
  ).join('\n');
  sendHtml(res, page({ title: 'Documents', body: `    <h1>Documents</h1>\n${documents}` }));
}

function file({ res, params }: Ctx): void {
  const name = params[0]!;
  if (name.startsWith('missing')) return send(res, 404, 'Not found\n', 'text/plain');
  send(res, 200, mediaFileBody(name), name.endsWith('.csv') ? 'text/csv' : 'application/pdf');
}

function image({ res, params }: Ctx): void {
  const [width, height] = [Number(params[0]), Number(params[1])];
  if (!(width > 0 && width <= 2000 && height > 0 && height <= 2000)) return badRequest(res, 'image size out of range');
  send(res, 200, solidPng(width, height, params[2] ? [255, 0, 0, 128] : [0, 0, 255, 255]), 'image/png');
}

export const mediaRoutes: Route[] = [
  [/^\/media\/$/, index],
  [/^\/media\/files\/([\w.-]+)$/, file],
  [/^\/media\/images\/(\d+)x(\d+)(-alpha)?\.png$/, image],
  [/^\/media\/empty\.pdf$/, ({ res }) => send(res, 200, Buffer.alloc(0), 'application/pdf')],
  [/^\/media\/moved\.pdf$/, ({ res }) => {
    res.writeHead(302, { Location: '/media/files/brochure-2019.pdf', 'Content-Length': 0 });
    res.end();
  }],
];
