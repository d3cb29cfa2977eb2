import { describe, expect, it } from 'vitest';
import { decodeBody, detectEncoding, resolveEncoding } from './encoding.js';

const latin1Page = (head = ''): Buffer =>
  Buffer.from(
    `<html><head>${head}<title>Caf\xe9</title></head><body><p>Le caf\xe9 cr\xe8me est d\xe9j\xe0 servi \xe0 la ` +
      `terrasse; la cr\xe8me br\xfbl\xe9e arrive apr\xe8s le d\xeener, comme pr\xe9vu.</p></body></html>`,
    'latin1',
  );

// '<p>日本語のテキスト①</p>' in Shift_JIS (cp932 for ①), as Python encodes it.
const SJIS_SNIPPET = Buffer.from('3c703e93fa967b8cea82cc8365834c8358836787403c2f703e', 'hex');

function decode(body: Buffer, options: Parameters<typeof detectEncoding>[1]): { encoding: string; text: string } {
  const encoding = detectEncoding(body, options);
  return { encoding, text: decodeBody(body, encoding) };
}

describe('detectEncoding', () => {
  it('reads a Latin-1 page labelled in the Content-Type header as windows-1252', () => {
    const { encoding, text } = decode(latin1Page(), { contentType: 'text/html; charset=ISO-8859-1' });
    expect(encoding).toBe('windows-1252');
    expect(text).toContain('<title>Café</title>');
  });

  it('reads the charset from <meta> when the header has none', () => {
    const meta = '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">';
    const { encoding, text } = decode(latin1Page(meta), { contentType: 'text/html' });
    expect(encoding).toBe('windows-1252');
    expect(text).toContain('crème brûlée');
    expect(detectEncoding(Buffer.from('<meta charset="latin1"><p>x</p>'), {})).toBe('windows-1252');
  });

  it('infers Latin-1 when nothing is declared', () => {
    const { encoding, text } = decode(latin1Page(), { contentType: 'text/html' });
    expect(encoding).toBe('windows-1252');
    expect(text).toContain('déjà servi à la terrasse');
  });

  it('decodes Shift_JIS, declared or inferred', () => {
    const declared = decode(SJIS_SNIPPET, { contentType: 'text/html; charset=Shift_JIS' });
    expect(declared).toEqual({ encoding: 'shift_jis', text: '<p>日本語のテキスト①</p>' });

    const page = Buffer.concat([Buffer.from('<html><body>'), ...Array(8).fill(SJIS_SNIPPET), Buffer.from('</body></html>')]);
    const inferred = decode(page, {});
    expect(inferred.encoding).toBe('shift_jis');
    expect(inferred.text).toContain('日本語のテキスト①');
  });

  it('lets a BOM beat the header, as w3lib does', () => {
    const utf8 = Buffer.from('\ufeffcafé', 'utf8');
    expect(decode(utf8, { contentType: 'text/html; charset=iso-8859-1' })).toEqual({ encoding: 'utf-8', text: 'café' });

    const utf16le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<p>é</p>', 'utf16le')]);
    expect(decode(utf16le, { contentType: 'text/html; charset=utf-8' })).toEqual({ encoding: 'utf-16le', text: '<p>é</p>' });

    const utf16be = Buffer.from([0xfe, 0xff, 0x00, 0x68, 0x00, 0x69]);
    expect(decode(utf16be, {})).toEqual({ encoding: 'utf-16be', text: 'hi' });
  });

  it('puts an explicitly declared encoding first', () => {
    const body = Buffer.from('\ufeff<meta charset="utf-8">', 'utf8');
    expect(detectEncoding(body, { declared: 'latin1', contentType: 'text/html; charset=utf-8' })).toBe('windows-1252');
  });

  it('prefers the header over <meta>', () => {
    const body = Buffer.from('<meta charset="shift_jis"><p>plain</p>');
    expect(detectEncoding(body, { contentType: 'text/html; charset="UTF-8"' })).toBe('utf-8');
  });

  it('skips unknown labels and goes on to the next source', () => {
    const body = latin1Page('<meta charset="windows-1252">');
    expect(detectEncoding(body, { declared: 'no-such-charset', contentType: 'text/html; charset=x-bogus' })).toBe(
      'windows-1252',
    );
    expect(detectEncoding(Buffer.from('<meta charset="x-bogus"><p>hi</p>'), {})).toBe('utf-8');
  });

  it('falls back to utf-8 for ASCII or valid UTF-8 bodies', () => {
    expect(detectEncoding(Buffer.from('<p>plain ascii</p>'), {})).toBe('utf-8');
    expect(detectEncoding(Buffer.from('<p>naïve — ok</p>'), { contentType: null })).toBe('utf-8');
    expect(detectEncoding(Buffer.alloc(0))).toBe('utf-8');
  });

  it('reads the XML declaration, and ignores <meta> after <body>', () => {
    expect(detectEncoding(Buffer.from('<?xml version="1.0" encoding="ISO-8859-2"?><r/>'), {})).toBe('iso-8859-2');
    expect(detectEncoding(Buffer.from('<html><body><meta charset="koi8-r"></body>'), {})).toBe('utf-8');
  });

  it('only sniffs markup when asked', () => {
    const body = Buffer.from('{"html": "<meta charset=shift_jis>"}');
    expect(detectEncoding(body, { sniffMarkup: false })).toBe('utf-8');
    expect(detectEncoding(body, {})).toBe('shift_jis');
  });

  it('treats a <meta> utf-16 label as utf-8 but a header one as big-endian UTF-16', () => {
    expect(detectEncoding(Buffer.from('<meta charset="utf-16"><p>x</p>'), {})).toBe('utf-8');
    expect(decode(Buffer.from([0x00, 0x68, 0x00, 0x69]), { contentType: 'text/html; charset=utf-16' })).toEqual({
      encoding: 'utf-16be',
      text: 'hi',
    });
  });
});

describe('resolveEncoding', () => {
  it('maps labels the way w3lib does, in WHATWG names', () => {
    const cases: Record<string, string> = {
      latin1: 'windows-1252',
      'ISO-8859-1': 'windows-1252',
      'us-ascii': 'windows-1252',
      'iso-8859-9': 'windows-1254',
      'tis-620': 'windows-874',
      gb2312: 'gb18030',
      GBK: 'gb18030',
      Shift_JIS: 'shift_jis',
      sjis: 'shift_jis',
      'x-sjis': 'shift_jis',
      'windows-31j': 'shift_jis',
      'ks_c_5601-1987': 'euc-kr',
      'Big5-HKSCS': 'big5',
      UTF8: 'utf-8',
      ' utf-8 ': 'utf-8',
      'koi8-r': 'koi8-r',
      'EUC-JP': 'euc-jp',
      'iso-8859-15': 'iso-8859-15',
    };
    for (const [label, encoding] of Object.entries(cases)) expect([label, resolveEncoding(label)]).toEqual([label, encoding]);
  });

  it('returns undefined for unknown labels', () => {
    expect(resolveEncoding('x-bogus')).toBeUndefined();
    expect(resolveEncoding('')).toBeUndefined();
  });
});

describe('decodeBody', () => {
  it('decodes windows-1252 bytes that ISO-8859-1 leaves as controls', () => {
    expect(decodeBody(Buffer.from([0x80, 0x20, 0xe9]), 'windows-1252')).toBe('€ é');
    expect(decodeBody(Buffer.from([0x80]), 'latin1')).toBe('€');
  });

  it('replaces malformed UTF-8 and strips the BOM', () => {
    expect(decodeBody(Buffer.from([0xef, 0xbb, 0xbf, 0x61, 0xff, 0x62]), 'utf-8')).toBe('a\ufffdb');
  });

  it('rejects an unknown encoding', () => {
    expect(() => decodeBody(Buffer.from('x'), 'x-bogus')).toThrow(RangeError);
  });
});
