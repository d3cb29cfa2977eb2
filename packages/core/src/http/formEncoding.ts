/**
 * Form data as bytes: `application/x-www-form-urlencoded` as Scrapy writes it
 * (Python's `urlencode`: `+` for spaces, everything but letters, digits and
 * `_.-~` percent-encoded, in the form's encoding), and `multipart/form-data`
 * as a browser writes it. Characters the encoding cannot represent become
 * `&#NNNN;` references, as browsers send them (Scrapy raises instead).
 *
 * Hand-written because `URLSearchParams` only writes UTF-8 (and escapes `~`
 * but not `*`, unlike Python); iconv-lite does the encoding itself.
 */
import { createHash } from 'node:crypto';
import iconv from 'iconv-lite';
import { resolveEncoding } from './encoding.js';

/** One value of a field: numbers are written as text. */
export type FormValue = string | number;

/**
 * Form fields: an object (a list value repeats the field) or a list of
 * `[name, value]` pairs. A `null` or `undefined` value leaves the field out
 * (with `FormRequest.fromResponse`: removes it from the form).
 */
export type FormData =
  | Readonly<Record<string, FormValue | ReadonlyArray<FormValue> | null | undefined>>
  | Iterable<readonly [string, FormValue | ReadonlyArray<FormValue> | null | undefined]>;

/** A field to send: its name, its value, and whether it is a file input (sent as an empty file in multipart bodies). */
export interface FormField {
  name: string;
  value: string;
  file?: boolean;
}

/** The entries of form data, null values included, in order. */
export function formEntries(data: FormData): Array<[string, FormValue | ReadonlyArray<FormValue> | null | undefined]> {
  if (typeof data !== 'object' || data === null) throw new TypeError(`form data must be an object or a list of [name, value] pairs, got ${data === null ? 'null' : typeof data}`);
  if (!(Symbol.iterator in data)) return Object.entries(data);
  const entries: Array<[string, FormValue | ReadonlyArray<FormValue> | null | undefined]> = [];
  for (const pair of data as Iterable<unknown>) {
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string') {
      throw new TypeError(`form data pairs must be [name, value], got ${JSON.stringify(pair)}`);
    }
    entries.push([pair[0], pair[1]]);
  }
  return entries;
}

/** Fields from form data, a list value giving one field per element; null values are left out. */
export function formFields(data: FormData): FormField[] {
  const fields: FormField[] = [];
  for (const [name, value] of formEntries(data)) {
    if (value === null || value === undefined) continue;
    for (const item of Array.isArray(value) ? (value as ReadonlyArray<FormValue>) : [value as FormValue]) {
      if (typeof item !== 'string' && typeof item !== 'number') throw new TypeError(`form field "${name}" must be a string or number (or a list of them), got ${JSON.stringify(item)}`);
      fields.push({ name, value: String(item) });
    }
  }
  return fields;
}

/** `name=value&...`, urlencoded in `encoding`. */
export function urlencodeFields(fields: readonly FormField[], encoding = 'utf-8'): string {
  const codec = codecFor(encoding);
  return fields.map(({ name, value }) => `${quotePlus(name, codec)}=${quotePlus(value, codec)}`).join('&');
}

/** A `multipart/form-data` body and its Content-Type (with a boundary derived from the content, so the same form gives the same request). */
export function multipartBody(fields: readonly FormField[], encoding = 'utf-8'): { body: Buffer; contentType: string } {
  const codec = codecFor(encoding);
  const parts = fields.map(({ name, value, file }) => {
    const disposition = `Content-Disposition: form-data; name="${escapeName(name)}"`;
    const head = file ? `${disposition}; filename=""\r\nContent-Type: application/octet-stream\r\n\r\n` : `${disposition}\r\n\r\n`;
    return Buffer.concat([codec.encode(head), file ? Buffer.alloc(0) : codec.encode(value.replace(/\r\n|\r|\n/g, '\r\n'))]);
  });
  const hash = createHash('sha1');
  for (const part of parts) hash.update(part);
  let boundary = `----ArachneFormBoundary${hash.digest('hex').slice(0, 16)}`;
  while (parts.some((part) => part.includes(boundary))) boundary += '0';
  const chunks: Buffer[] = [];
  for (const part of parts) chunks.push(Buffer.from(`--${boundary}\r\n`), part, Buffer.from('\r\n'));
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

interface Codec {
  encode(text: string): Buffer;
}

const UTF8: Codec = { encode: (text) => Buffer.from(text, 'utf8') };

function codecFor(encoding: string): Codec {
  const resolved = resolveEncoding(encoding);
  if (resolved === undefined) throw new RangeError(`unknown form encoding: ${encoding}`);
  if (resolved === 'utf-8') return UTF8;
  return { encode: (text) => encodeWithReferences(text, resolved) };
}

/** `text` in `encoding`; a character it cannot represent becomes `&#NNNN;`, as browsers submit it. */
function encodeWithReferences(text: string, encoding: string): Buffer {
  // eslint-disable-next-line no-control-regex -- plain ASCII needs no per-character check
  if (/^[\x00-\x7f]*$/.test(text)) return Buffer.from(text, 'latin1');
  const chunks: Buffer[] = [];
  for (const char of text) {
    const bytes = iconv.encode(char, encoding);
    // iconv-lite writes `?` for what the encoding lacks; a real `?` round-trips.
    chunks.push(char !== '?' && iconv.decode(bytes, encoding) !== char ? Buffer.from(`&#${char.codePointAt(0)};`, 'latin1') : bytes);
  }
  return Buffer.concat(chunks);
}

const UNRESERVED = /^[A-Za-z0-9_.~-]$/;

/** Python's `quote_plus` on the text's bytes in the codec's encoding. */
function quotePlus(text: string, codec: Codec): string {
  let out = '';
  for (const byte of codec.encode(text)) {
    const char = String.fromCharCode(byte);
    if (byte === 0x20) out += '+';
    else if (byte < 0x80 && UNRESERVED.test(char)) out += char;
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** A field name in a Content-Disposition header, escaped as the HTML standard says. */
function escapeName(name: string): string {
  return name.replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/"/g, '%22');
}
