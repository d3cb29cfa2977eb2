/** Shared types and response helpers for the route modules. */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';

/** Per-site state the routes read. */
export interface Site {
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  /** The same server under another host name (`http://localhost:PORT`), for cross-host redirects. */
  readonly altOrigin: string;
  /** Body of /robots.txt, or null for a 404. */
  readonly robotsTxt: string | null;
  /** Failures served so far per /retry-after key. */
  readonly retryFailures: Map<string, number>;
  /** Signed-in sessions: session cookie value → user name (routes/account.ts). */
  readonly sessions: Map<string, string>;
  /** CSRF and session tokens handed out so far (they are numbered, so runs are deterministic). */
  tokenCount: number;
}

export interface Ctx {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  /** Capture groups of the matched route pattern. */
  readonly params: readonly string[];
  readonly site: Site;
}

/** A route: a pattern matched against the whole path (without query), and its handler. */
export type Route = readonly [pattern: RegExp, handler: (ctx: Ctx) => void | Promise<void>];

export const HTML = 'text/html; charset=utf-8';

export function send(res: ServerResponse, status: number, body: string | Buffer, contentType: string, headers: OutgoingHttpHeaders = {}): void {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': bytes.length, ...headers });
  res.end(bytes);
}

export function sendHtml(res: ServerResponse, body: string, status = 200, headers: OutgoingHttpHeaders = {}): void {
  send(res, status, body, HTML, headers);
}

export function sendJson(res: ServerResponse, value: unknown, status = 200): void {
  send(res, status, `${JSON.stringify(value, null, 2)}\n`, 'application/json');
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  send(res, status, text, 'text/plain; charset=utf-8');
}

/**
 * An integer query parameter in [min, max], `fallback` when absent, null when invalid
 * (the caller answers 400).
 */
export function intParam(url: URL, name: string, fallback: number, min: number, max: number): number | null {
  const raw = url.searchParams.get(name);
  if (raw === null) return fallback;
  if (!/^\d+$/.test(raw)) return null;
  const value = Number(raw);
  return value >= min && value <= max ? value : null;
}

export function badRequest(res: ServerResponse, message: string): void {
  sendText(res, 400, `Bad request: ${message}\n`);
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
