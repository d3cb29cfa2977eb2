/** Endpoints that reflect the request back, and /robots.txt. */
import { readBody, send, sendJson, sendText, type Ctx, type Route } from '../http.js';

function robots({ res, site }: Ctx): void {
  if (site.robotsTxt === null) return sendText(res, 404, 'No robots.txt here.\n');
  send(res, 200, site.robotsTxt, 'text/plain; charset=utf-8');
}

/** /cookies/set?name=value&...: one `Set-Cookie` (Path=/) per query parameter. */
function setCookies({ res, url }: Ctx): void {
  const set = Object.fromEntries(url.searchParams);
  res.setHeader('Set-Cookie', Object.entries(set).map(([name, value]) => `${name}=${value}; Path=/`));
  sendJson(res, { set });
}

/** /cookies/echo: `{ cookies: { name: value } }` from the Cookie header. */
function echoCookies({ req, res }: Ctx): void {
  const pairs = (req.headers.cookie ?? '').split(';').map((part) => part.trim()).filter(Boolean);
  const cookies = Object.fromEntries(pairs.map((pair) => {
    const eq = pair.indexOf('=');
    return eq === -1 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
  }));
  sendJson(res, { cookies });
}

/** /headers: `{ headers }`, names lower-cased, repeated headers joined as node joins them. */
function echoHeaders({ req, res }: Ctx): void {
  sendJson(res, { headers: req.headers });
}

/** /post (any method): `{ method, contentType, body }`, the body decoded as UTF-8. */
async function echoPost({ req, res }: Ctx): Promise<void> {
  const body = await readBody(req);
  sendJson(res, { method: req.method, contentType: req.headers['content-type'] ?? null, body: body.toString('utf8') });
}

export const echoRoutes: Route[] = [
  [/^\/robots\.txt$/, robots],
  [/^\/cookies\/set$/, setCookies],
  [/^\/cookies\/echo$/, echoCookies],
  [/^\/headers$/, echoHeaders],
  [/^\/post$/, echoPost],
];
