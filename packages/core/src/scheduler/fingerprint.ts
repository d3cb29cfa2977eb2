/**
 * Request fingerprints for duplicate filtering: requests with the same method,
 * canonical URL (see `canonicalizeUrl`; the fragment is dropped) and body share
 * one, however their query arguments are ordered or their URLs escaped.
 */
import { createHash, hash } from 'node:crypto';
import { canonicalizeUrl, canonicalizeWhatwgUrl } from './canonicalize.js';
import { Request } from '../http/request.js';

export interface FingerprintableRequest {
  method: string;
  url: string;
  /** A string body is hashed as UTF-8; no body hashes as an empty one. */
  body?: Buffer | string | null;
}

/** The request's fingerprint: a hex SHA-1 (40 characters). */
export function requestFingerprint(request: FingerprintableRequest): string {
  const { method, url, body } = request;
  // A Request's URL has been through the WHATWG parser (or was found normalized without it).
  const canonical = request instanceof Request ? canonicalizeWhatwgUrl(url) : canonicalizeUrl(url);
  // '\n' occurs in neither a method nor a canonical URL, so the fields cannot run together.
  const head = `${method.toUpperCase()}\n${canonical}\n`;
  // One-shot `hash` costs about half of a Hash object for short inputs; this runs for every link found.
  if (!body) return hash('sha1', head, 'hex');
  return createHash('sha1').update(head).update(body).digest('hex');
}
