/** Pick the Response kind for a download, from Content-Type then by sniffing the body (as Scrapy's `responsetypes`). */
import type { Headers } from './headers.js';
import { HtmlResponse, JsonResponse, Response, TextResponse, XmlResponse, type ResponseInit } from './response.js';

type ResponseKind = new (init: ResponseInit) => Response;

const BY_MIME: Record<string, ResponseKind> = {
  'text/html': HtmlResponse,
  'application/xhtml+xml': HtmlResponse,
  'application/xml': XmlResponse,
  'text/xml': XmlResponse,
  'application/rss+xml': XmlResponse,
  'application/atom+xml': XmlResponse,
  'application/rdf+xml': XmlResponse,
  'application/json': JsonResponse,
  'application/x-json': JsonResponse,
  'application/ld+json': JsonResponse,
  'application/javascript': TextResponse,
  'application/x-javascript': TextResponse,
  'text/plain': TextResponse,
};

function kindFromContentType(contentType: string | null): ResponseKind | undefined {
  if (!contentType) return undefined;
  const mime = contentType.split(';', 1)[0]!.trim().toLowerCase();
  const known = BY_MIME[mime];
  if (known) return known;
  if (mime.endsWith('+json')) return JsonResponse;
  if (mime.endsWith('+xml')) return XmlResponse;
  if (mime.startsWith('text/')) return TextResponse;
  return undefined;
}

function kindFromBody(body: Buffer): ResponseKind {
  const head = body.subarray(0, 5000);
  if (head.includes(0)) return Response; // NUL bytes: binary
  const start = head.toString('latin1').trimStart().slice(0, 200).toLowerCase();
  if (start.startsWith('<?xml') && !start.includes('<html')) return XmlResponse;
  if (start.startsWith('<!doctype html') || start.includes('<html') || start.includes('<head') || start.includes('<body')) return HtmlResponse;
  if (start.startsWith('<')) return HtmlResponse;
  return TextResponse;
}

/** The Response class for these headers and body. `application/octet-stream` and unknown types are sniffed. */
export function responseKindFor(contentType: string | null, body: Buffer): ResponseKind {
  return kindFromContentType(contentType) ?? kindFromBody(body);
}

export function buildResponse(init: ResponseInit & { headers: Headers; body: Buffer }): Response {
  const Kind = responseKindFor(init.headers.get('content-type'), init.body);
  return new Kind(init);
}
