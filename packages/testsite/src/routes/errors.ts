/** Failure modes: error statuses, broken connections, slowness, bad content, rate limiting. */
import { badRequest, intParam, HTML, send, sendHtml, sendJson, type Ctx, type Route } from '../http.js';

/** /status/N: status N (200..599) with a small body; 204 and 304 have none, as HTTP requires. */
function status({ res, params }: Ctx): void {
  const code = Number(params[0]);
  if (code < 200 || code > 599) return badRequest(res, 'status must be 200..599');
  if (code === 204 || code === 304) {
    res.writeHead(code).end();
    return;
  }
  sendHtml(res, `<!DOCTYPE html>\n<html><head><title>Status ${code}</title></head><body><h1>Status ${code}</h1></body></html>\n`, code);
}

/** /reset: promises 4 KB, sends a few bytes, then resets the connection (TCP RST). */
function reset({ req, res }: Ctx): void {
  res.writeHead(200, { 'Content-Type': HTML, 'Content-Length': 4096 });
  res.write('<!DOCTYPE html>\n<html><head><title>Reset</title></head><body><p>This response never', () => req.socket.resetAndDestroy());
}

/** /slow?ms=N (default 1000): answers after N ms. */
function slow({ res, url }: Ctx): void {
  const ms = intParam(url, 'ms', 1000, 0, 600_000);
  if (ms === null) return badRequest(res, 'ms must be 0..600000');
  const timer = setTimeout(() => sendHtml(res, `<!DOCTYPE html>\n<html><head><title>Slow</title></head><body><p>Answered after ${ms} ms.</p></body></html>\n`), ms);
  res.once('close', () => clearTimeout(timer));
}

/** /hang: never answers; the connection stays open until the client gives up or the site closes. */
function hang(): void {}

/** Unclosed and misnested tags, a stray `</div>`, and bytes that are not valid UTF-8. */
const MALFORMED = Buffer.concat([
  Buffer.from('<!DOCTYPE html>\n<html><head><title>Malformed page</title>\n<body>\n<div class="content">\n<h1>Malformed <b>page</h1>\n<p>An unclosed paragraph\n<p>Another <i>one <a href="/product/1">Title 1</a>\n<ul><li>one<li>two</ul></div></div>\n<p class="garbage">'),
  Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0x80, 0xe2, 0x82]),
  Buffer.from('</p>\n<table><tr><td>cell<td>cell</table\n<a href="/product/2">Title 2\n'),
]);

function malformed({ res }: Ctx): void {
  send(res, 200, MALFORMED, HTML);
}

function empty({ res }: Ctx): void {
  send(res, 200, '', HTML);
}

/**
 * /retry-after?status=429&seconds=1&fail=N[&key=K]: fails N times (with `Retry-After: seconds`)
 * per key, then answers 200. The key defaults to the request's path and query.
 */
function retryAfter({ req, res, url, site }: Ctx): void {
  const code = intParam(url, 'status', 429, 400, 599);
  const seconds = intParam(url, 'seconds', 1, 0, 86_400);
  const fail = intParam(url, 'fail', 1, 0, 1_000_000);
  if (code === null || seconds === null || fail === null) return badRequest(res, 'status 400..599, seconds 0..86400, fail >= 0');
  const key = url.searchParams.get('key') ?? req.url ?? '';
  const failures = site.retryFailures.get(key) ?? 0;
  if (failures < fail) {
    site.retryFailures.set(key, failures + 1);
    sendHtml(res, `<!DOCTYPE html>\n<html><head><title>Try again</title></head><body><p>Failure ${failures + 1} of ${fail}.</p></body></html>\n`, code, { 'Retry-After': seconds });
    return;
  }
  sendJson(res, { ok: true, failures });
}

export const errorRoutes: Route[] = [
  [/^\/status\/(\d{3})$/, status],
  [/^\/reset$/, reset],
  [/^\/slow$/, slow],
  [/^\/hang$/, hang],
  [/^\/malformed$/, malformed],
  [/^\/empty$/, empty],
  [/^\/retry-after$/, retryAfter],
];
