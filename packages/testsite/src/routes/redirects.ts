/** Redirect endpoints. `to` is sent verbatim as Location, so relative targets stay relative. */
import type { ServerResponse } from 'node:http';
import { escapeHtml } from '../html.js';
import { badRequest, sendHtml, type Ctx, type Route } from '../http.js';

/** Default target: /post echoes the method and body, which shows how the redirect was followed. */
const DEFAULT_TARGET = '/post';
const MAX_CHAIN = 1000;

function redirect(res: ServerResponse, status: number, location: string): void {
  const href = escapeHtml(location);
  sendHtml(res, `<!DOCTYPE html>\n<html><head><title>Redirecting</title></head><body><p>Redirecting to <a href="${href}">${href}</a>.</p></body></html>\n`, status, { Location: location });
}

/** /redirect/{301,302,303,307,308}?to=URL */
function byStatus({ res, url, params }: Ctx): void {
  redirect(res, Number(params[0]), url.searchParams.get('to') ?? DEFAULT_TARGET);
}

/** /redirect/chain/N: N hops of 302 down to /redirect/chain/0, which answers 200. */
function chain({ res, params }: Ctx): void {
  const hops = Number(params[0]);
  if (hops > MAX_CHAIN) return badRequest(res, `chain longer than ${MAX_CHAIN}`);
  if (hops > 0) return redirect(res, 302, `/redirect/chain/${hops - 1}`);
  sendHtml(res, '<!DOCTYPE html>\n<html><head><title>End of chain</title></head><body><h1>End of chain</h1></body></html>\n');
}

/** /redirect/loop: redirects to itself forever. */
function loop({ res }: Ctx): void {
  redirect(res, 302, '/redirect/loop');
}

/**
 * /redirect/cross-host?to=/path: a 302 to the same path on this server under its other host name
 * (127.0.0.1 <-> localhost), so clients see a different host while tests still see the request.
 */
function crossHost({ res, url, req, site }: Ctx): void {
  const to = url.searchParams.get('to') ?? '/headers';
  if (!to.startsWith('/')) return badRequest(res, 'to must be a path');
  const viaAlt = req.headers.host === new URL(site.altOrigin).host;
  redirect(res, 302, `${viaAlt ? site.origin : site.altOrigin}${to}`);
}

export const redirectRoutes: Route[] = [
  [/^\/redirect\/(301|302|303|307|308)$/, byStatus],
  [/^\/redirect\/chain\/(\d+)$/, chain],
  [/^\/redirect\/loop$/, loop],
  [/^\/redirect\/cross-host$/, crossHost],
];
