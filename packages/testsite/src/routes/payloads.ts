/** Compressed and large bodies. */
import { pipeline, Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { createGzip, gzipSync } from 'node:zlib';
import { page } from '../html.js';
import { badRequest, HTML, intParam, send, type Ctx, type Route } from '../http.js';

/** What /bomb inflates to: 50 MiB of spaces. */
export const BOMB_INFLATED_BYTES = 50 * 1024 * 1024;

let gzipped: Buffer | undefined;
let bomb: Promise<Buffer> | undefined;

function gzipPage({ res }: Ctx): void {
  gzipped ??= gzipSync(page({
    title: 'Compressed',
    body: '    <h1>Compressed page</h1>\n    <p class="lead">This page was sent with Content-Encoding: gzip.</p>',
  }));
  send(res, 200, gzipped, HTML, { 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' });
}

/** Built on first use, streaming so the 50 MiB never sits in memory at once; ~50 KB compressed. */
function buildBomb(): Promise<Buffer> {
  const chunk = Buffer.alloc(1024 * 1024, ' ');
  const chunks = (function* () {
    for (let sent = 0; sent < BOMB_INFLATED_BYTES; sent += chunk.length) yield chunk;
  })();
  return buffer(Readable.from(chunks).pipe(createGzip({ level: 9 })));
}

async function bombPage({ res }: Ctx): Promise<void> {
  bomb ??= buildBomb();
  send(res, 200, await bomb, HTML, { 'Content-Encoding': 'gzip' });
}

const BIG_HEAD = '<!DOCTYPE html>\n<html><head><title>Big page</title></head><body>\n';
const BIG_TAIL = '</body></html>\n';
const BIG_LINE = `<p>${'All work and no play makes a big page. '.repeat(24).trimEnd()}</p>\n`;
const BIG_FILLER = Buffer.from(BIG_LINE.repeat(64));

/** /big?kb=N (default 1024): an HTML page of exactly N KiB, streamed. */
function big({ res, url }: Ctx): void {
  const kb = intParam(url, 'kb', 1024, 1, 1024 * 1024);
  if (kb === null) return badRequest(res, 'kb must be 1..1048576');
  const total = kb * 1024;
  const body = (function* () {
    yield Buffer.from(BIG_HEAD);
    // Filler in whole buffers, the last one cut short so the total is exact.
    for (let left = total - BIG_HEAD.length - BIG_TAIL.length; left > 0; left -= BIG_FILLER.length) yield BIG_FILLER.subarray(0, left);
    yield Buffer.from(BIG_TAIL);
  })();
  res.writeHead(200, { 'Content-Type': HTML, 'Content-Length': total });
  // A client hanging up mid-body is expected here, not an error.
  pipeline(Readable.from(body), res, () => {});
}

export const payloadRoutes: Route[] = [
  [/^\/gzip$/, gzipPage],
  [/^\/bomb$/, bombPage],
  [/^\/big$/, big],
];
