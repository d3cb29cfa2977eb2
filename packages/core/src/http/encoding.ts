/**
 * Response body decoding, in Scrapy's order of evidence: an explicit
 * encoding, the byte-order mark, the Content-Type charset, a `<meta>`/XML
 * declaration, then inference. Labels resolve as w3lib resolves them
 * (WHATWG's web-compatible supersets: latin1 → windows-1252, gb2312 → gb18030...).
 */
import { isUtf8 } from 'node:buffer';
import { detect as detectCharset } from 'chardet';
import iconv from 'iconv-lite';

export interface DetectEncodingOptions {
  /** An encoding the caller insists on; unknown labels are ignored. */
  declared?: string;
  /** The Content-Type header value. */
  contentType?: string | null;
  /** Look for `<meta charset>` / `<?xml encoding?>` in the first 4 KiB (default true). */
  sniffMarkup?: boolean;
}

// Keys are labels stripped to [a-z0-9], as iconv-lite compares them. Following
// w3lib (and browsers), legacy labels decode with the superset that pages labelled
// so actually use.
const LABEL_TRANSLATIONS = new Map<string, string>([
  ...aliases('windows-1252', ['ascii', 'usascii', 'us', 'iso646us', 'ansix341968', 'latin1', 'l1', 'iso88591', 'iso885911987', 'cp819', 'ibm819', 'csisolatin1', 'cp1252', 'windows1252', 'xcp1252']),
  ...aliases('windows-1254', ['latin5', 'l5', 'iso88599', 'iso885991989', 'csisolatin5', 'cp1254', 'windows1254']),
  ...aliases('windows-874', ['tis620', 'iso885911', 'dos874', 'cp874', 'windows874']),
  ...aliases('gb18030', ['gb2312', 'gb231280', 'gb23121980', 'gbk', 'cp936', 'ms936', 'windows936', 'chinese', 'csgb2312', 'csiso58gb231280', 'isoir58', 'euccn', 'xgbk', 'zhcn']),
  ...aliases('shift_jis', ['shiftjis', 'sjis', 'xsjis', 'mskanji', 'csshiftjis', 'windows31j', 'ms932', 'cp932']),
  ...aliases('euc-kr', ['euckr', 'cseuckr', 'ksc5601', 'ksc56011987', 'csksc56011987', 'isoir149', 'korean', 'windows949', 'cp949']),
  ...aliases('big5', ['big5', 'big5hkscs', 'csbig5', 'cnbig5', 'xxbig5']),
  ...aliases('macintosh', ['mac', 'macintosh', 'macroman', 'csmacintosh', 'xmacroman']),
  ...aliases('utf-8', ['utf8', 'unicode11utf8', 'unicode20utf8', 'xunicode20utf8']),
  // A BOM-less "utf-16" body: w3lib reads it big-endian.
  ...aliases('utf-16be', ['utf16', 'utf16be']),
  ...aliases('utf-16le', ['utf16le']),
]);

function aliases(encoding: string, labels: string[]): [string, string][] {
  return labels.map((label) => [label, encoding]);
}

/** The encoding a charset label stands for (a name iconv-lite decodes), or undefined if unknown. */
export function resolveEncoding(label: string): string | undefined {
  const name = label.trim().toLowerCase();
  const translated = LABEL_TRANSLATIONS.get(name.replace(/[^a-z0-9]/g, ''));
  if (translated !== undefined) return translated;
  return name !== '' && iconv.encodingExists(name) ? name : undefined;
}

/** The encoding to decode `body` with; always a name `decodeBody` accepts. */
export function detectEncoding(body: Buffer, options: DetectEncodingOptions = {}): string {
  return (
    (options.declared === undefined ? undefined : resolveEncoding(options.declared)) ??
    bomEncoding(body) ??
    headerEncoding(options.contentType) ??
    (options.sniffMarkup === false ? undefined : markupEncoding(body)) ??
    inferEncoding(body)
  );
}

/** Decodes `body`, dropping a leading byte-order mark; undecodable bytes become U+FFFD. */
export function decodeBody(body: Buffer, encoding: string): string {
  if (encoding === 'utf-8') return stripBom(body.toString('utf8'));
  const resolved = resolveEncoding(encoding);
  if (resolved === undefined) throw new RangeError(`unknown encoding: ${encoding}`);
  return resolved === 'utf-8' ? stripBom(body.toString('utf8')) : iconv.decode(body, resolved);
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

// UTF-32 first: its little-endian BOM starts with UTF-16LE's.
const BOMS: ReadonlyArray<readonly [bom: Buffer, encoding: string]> = [
  [Buffer.from([0x00, 0x00, 0xfe, 0xff]), 'utf-32be'],
  [Buffer.from([0xff, 0xfe, 0x00, 0x00]), 'utf-32le'],
  [Buffer.from([0xfe, 0xff]), 'utf-16be'],
  [Buffer.from([0xff, 0xfe]), 'utf-16le'],
  [Buffer.from([0xef, 0xbb, 0xbf]), 'utf-8'],
];

function bomEncoding(body: Buffer): string | undefined {
  const first = body[0];
  // Nearly every body starts with none of the BOMs' first bytes.
  if (first !== 0x00 && first !== 0xff && first !== 0xfe && first !== 0xef) return undefined;
  return BOMS.find(([bom]) => body.subarray(0, bom.length).equals(bom))?.[1];
}

const HEADER_CHARSET = /charset\s*=\s*["']?([\w-]+)/i;

function headerEncoding(contentType: string | null | undefined): string | undefined {
  const label = contentType ? HEADER_CHARSET.exec(contentType)?.[1] : undefined;
  return label === undefined ? undefined : resolveEncoding(label);
}

// w3lib's html_body_declared_encoding pattern: the first <meta> carrying a charset
// (http-equiv + content in either order, or charset=) or <?xml encoding=?>, stopping at <body.
const attr = (name: string, value: string): string => String.raw`${name}\s*=\s*["']?\s*${value}\s*["']?`;
const SKIP_ATTRS = String.raw`(?:\s+[^=<>/\s"'\x00-\x1f\x7f]+(?:\s*=\s*(?:'[^']*'|"[^"]*"|[^'"\s]+))?)*?`;
const HTTP_EQUIV = attr('http-equiv', 'Content-Type');
const CONTENT = (group: string): string => attr('content', String.raw`[^;]+;\s*charset=(?<${group}>[\w-]+)`);
const MARKUP_CHARSET = new RegExp(
  String.raw`<\s*(?:meta${SKIP_ATTRS}(?:\s+${HTTP_EQUIV}\s+${CONTENT('content1')}|\s+${CONTENT('content2')}\s+${HTTP_EQUIV}|\s+${attr('charset', String.raw`(?<charset>[\w-]+)`)})` +
    String.raw`|\?xml\s[^>]+${attr('encoding', String.raw`(?<xml>[\w-]+)`)}|body)`,
  'i',
);

function markupEncoding(body: Buffer): string | undefined {
  // latin1 maps bytes 1:1, so the ASCII markup reads the same whatever the encoding.
  const groups = MARKUP_CHARSET.exec(body.toString('latin1', 0, 4096))?.groups;
  const label = groups?.content1 ?? groups?.content2 ?? groups?.charset ?? groups?.xml;
  const encoding = label === undefined ? undefined : resolveEncoding(label);
  // A page whose markup is readable as ASCII cannot be UTF-16 (HTML's prescan rule).
  return encoding?.startsWith('utf-16') ? 'utf-8' : encoding;
}

function inferEncoding(body: Buffer): string {
  if (isUtf8(body)) return 'utf-8';
  const guess = detectCharset(body.subarray(0, 64 * 1024));
  return (guess === null ? undefined : resolveEncoding(guess)) ?? 'utf-8';
}
