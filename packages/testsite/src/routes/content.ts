/** Character encodings and non-HTML content types. */
import { PRODUCT_COUNT, product } from '../catalogue.js';
import { send, sendJson, type Route } from '../http.js';

/** The text each /enc page carries in its `<h1>`, as it should read once decoded. */
export const ENCODED_TEXT = {
  latin1: 'Crème brûlée, café au lait, façade naïve: £5 ©',
  shiftJis: '日本語のテキスト',
  utf8Bom: 'UTF-8 with a BOM: naïve café ✓',
} as const;

/** Shift_JIS bytes of ENCODED_TEXT.shiftJis (Node has no Shift_JIS encoder). */
const SHIFT_JIS_BYTES = Buffer.from([0x93, 0xfa, 0x96, 0x7b, 0x8c, 0xea, 0x82, 0xcc, 0x83, 0x65, 0x83, 0x4c, 0x83, 0x58, 0x83, 0x67]);

function encodedPage(title: string, head: string, h1: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(`<!DOCTYPE html>\n<html>\n<head>\n${head}<title>${title}</title>\n</head>\n<body>\n<h1>`),
    h1,
    Buffer.from('</h1>\n</body>\n</html>\n'),
  ]);
}

const LATIN1_HEADER = encodedPage('Latin-1 (header)', '', Buffer.from(ENCODED_TEXT.latin1, 'latin1'));
const LATIN1_META = encodedPage('Latin-1 (meta)', '<meta charset="iso-8859-1">\n', Buffer.from(ENCODED_TEXT.latin1, 'latin1'));
const SHIFT_JIS = encodedPage('Shift_JIS', '', SHIFT_JIS_BYTES);
const UTF8_BOM = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), encodedPage('UTF-8 BOM', '', Buffer.from(ENCODED_TEXT.utf8Bom))]);

function feed(origin: string): string {
  const items = Array.from({ length: 5 }, (_, i) => product(PRODUCT_COUNT - i)).map((p) => `    <item>
      <title>${p.title}</title>
      <link>${origin}${p.path}</link>
      <guid>${origin}${p.path}</guid>
      <description>${p.title}, now ${p.price}.</description>
    </item>`);
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>Arachne Books: new arrivals</title>
    <link>${origin}/</link>
    <description>The latest books in the catalogue.</description>
${items.join('\n')}
  </channel>
</rss>
`;
}

export const contentRoutes: Route[] = [
  [/^\/enc\/latin1-header$/, ({ res }) => send(res, 200, LATIN1_HEADER, 'text/html; charset=iso-8859-1')],
  [/^\/enc\/latin1-meta$/, ({ res }) => send(res, 200, LATIN1_META, 'text/html')],
  [/^\/enc\/shift_jis$/, ({ res }) => send(res, 200, SHIFT_JIS, 'text/html; charset=shift_jis')],
  [/^\/enc\/utf8-bom$/, ({ res }) => send(res, 200, UTF8_BOM, 'text/html')],
  [/^\/json$/, ({ res }) => sendJson(res, {
    shop: 'Arachne Books',
    currency: '£',
    products: Array.from({ length: 10 }, (_, i) => {
      const p = product(i + 1);
      return { id: p.id, title: p.title, price: p.price, url: p.path };
    }),
  })],
  [/^\/feed\.xml$/, ({ res, site }) => send(res, 200, feed(site.origin), 'application/xml; charset=utf-8')],
  [/^\/text\.txt$/, ({ res }) => send(res, 200, 'Arachne Books\nA plain text file, two lines long. ✓\n', 'text/plain; charset=utf-8')],
];
