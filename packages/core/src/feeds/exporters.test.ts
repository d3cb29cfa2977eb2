import { describe, expect, it } from 'vitest';
import { JsonItemExporter } from './jsonExporter.js';
import { JsonLinesItemExporter } from './jsonLinesExporter.js';
import { CsvItemExporter } from './csvExporter.js';
import { XmlItemExporter } from './xmlExporter.js';
import type { ItemExporterClass, ItemExporterOptions } from './itemExporter.js';

// What Scrapy 2.8's exporters write for the same items (captured with
// /usr/bin/python3 and scrapy.exporters; see the docs page for the differences).
const SCRAPY = {
  json: "[\n{\"name\": \"\\u00dcn\\u00efcode caf\\u00e9\", \"price\": 1.5, \"tags\": [\"a\", \"b\"], \"nested\": {\"x\": 1, \"y\": [1, 2]}},\n{\"name\": \"Quote \\\" and, comma\\nnewline <tag> & amp\", \"price\": 2},\n{\"extra\": \"only-extra\"}\n]",
  jsonIndent2: "[\n{\n  \"name\": \"\\u00dcn\\u00efcode caf\\u00e9\",\n  \"price\": 1.5,\n  \"tags\": [\n    \"a\",\n    \"b\"\n  ],\n  \"nested\": {\n    \"x\": 1,\n    \"y\": [\n      1,\n      2\n    ]\n  }\n},\n{\n  \"name\": \"Quote \\\" and, comma\\nnewline <tag> & amp\",\n  \"price\": 2\n},\n{\n  \"extra\": \"only-extra\"\n}\n]",
  jsonUtf8: "[\n{\"name\": \"Ünïcode café\", \"price\": 1.5, \"tags\": [\"a\", \"b\"], \"nested\": {\"x\": 1, \"y\": [1, 2]}},\n{\"name\": \"Quote \\\" and, comma\\nnewline <tag> & amp\", \"price\": 2},\n{\"extra\": \"only-extra\"}\n]",
  jsonFields: "[\n{\"price\": 1.5, \"name\": \"\\u00dcn\\u00efcode caf\\u00e9\"},\n{\"price\": 2, \"name\": \"Quote \\\" and, comma\\nnewline <tag> & amp\"},\n{}\n]",
  jsonEmpty: "[\n\n]",
  jsonlines: "{\"name\": \"\\u00dcn\\u00efcode caf\\u00e9\", \"price\": 1.5, \"tags\": [\"a\", \"b\"], \"nested\": {\"x\": 1, \"y\": [1, 2]}}\n{\"name\": \"Quote \\\" and, comma\\nnewline <tag> & amp\", \"price\": 2}\n{\"extra\": \"only-extra\"}\n",
  jsonlinesUtf8: "{\"name\": \"Ünïcode café\", \"price\": 1.5, \"tags\": [\"a\", \"b\"], \"nested\": {\"x\": 1, \"y\": [1, 2]}}\n{\"name\": \"Quote \\\" and, comma\\nnewline <tag> & amp\", \"price\": 2}\n{\"extra\": \"only-extra\"}\n",
  csv: "name,price,tags\r\nÜnïcode café,1.5,\"a,b\"\r\n\"Quote \"\" and, comma\nnewline <tag> & amp\",2,\r\n,,\r\n",
  csvFields: "price,name\r\n1.5,Ünïcode café\r\n2,\"Quote \"\" and, comma\nnewline <tag> & amp\"\r\n,\r\n",
  csvOneColumn: "a\r\n\"\"\r\nx\r\n\"\"\r\n",
  xml: "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<items>\n<item><name>Ünïcode café</name><price>1.5</price><tags><value>a</value><value>b</value></tags><nested><x>1</x><y><value>1</value><value>2</value></y></nested></item>\n<item><name>Quote \" and, comma\nnewline &lt;tag&gt; &amp; amp</name><price>2</price></item>\n<item><extra>only-extra</extra></item>\n</items>",
  xmlIndent2: "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<items>\n  <item>\n    <name>Ünïcode café</name>\n    <price>1.5</price>\n    <tags>\n      <value>a</value>\n      <value>b</value>\n    </tags>\n    <nested>\n      <x>1</x>\n      <y>\n        <value>1</value>\n        <value>2</value>\n      </y>\n    </nested>\n  </item>\n  <item>\n    <name>Quote \" and, comma\nnewline &lt;tag&gt; &amp; amp</name>\n    <price>2</price>\n  </item>\n  <item>\n    <extra>only-extra</extra>\n  </item>\n</items>",
  xmlFields: "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<items>\n<item><price>1.5</price><name>Ünïcode café</name></item>\n<item><price>2</price><name>Quote \" and, comma\nnewline &lt;tag&gt; &amp; amp</name></item>\n<item></item>\n</items>",
  xmlEmpty: "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<items>\n</items>",
};

const ITEMS = [
  { name: 'Ünïcode café', price: 1.5, tags: ['a', 'b'], nested: { x: 1, y: [1, 2] } },
  { name: 'Quote " and, comma\nnewline <tag> & amp', price: 2 },
  { extra: 'only-extra' },
];
const CSV_ITEMS = [
  { name: 'Ünïcode café', price: 1.5, tags: ['a', 'b'] },
  { name: 'Quote " and, comma\nnewline <tag> & amp', price: 2, ignored: 'x' },
  { extra: 'only-extra' },
];

function exportAll(Exporter: ItemExporterClass, items: object[], options: ItemExporterOptions & Record<string, unknown> = {}): { text: string; chunks: string[] } {
  const chunks: string[] = [];
  const exporter = new Exporter({ write: (text: string) => chunks.push(text) }, options);
  exporter.start();
  for (const item of items) exporter.exportItem(item);
  exporter.finish();
  return { text: chunks.join(''), chunks };
}

/** Python's json writes `", "` and `": "` between tokens; JSON.stringify writes `,` and `:`. */
function withoutPythonSpacing(json: string): string {
  return json.replace(/"(?:[^"\\]|\\.)*"|, |: /g, (token) => (token.startsWith('"') ? token : token.trim()));
}

describe('JsonItemExporter', () => {
  it('writes a JSON array with one item per line, non-ASCII escaped, as Scrapy', () => {
    const { text } = exportAll(JsonItemExporter, ITEMS);
    expect(text).toBe(withoutPythonSpacing(SCRAPY.json));
    expect(text.split('\n')[1]).toBe('{"name":"\\u00dcn\\u00efcode caf\\u00e9","price":1.5,"tags":["a","b"],"nested":{"x":1,"y":[1,2]}},');
    expect(JSON.parse(text)).toEqual(ITEMS);
  });

  it('pretty-prints each item with indent > 0 exactly as Scrapy', () => {
    expect(exportAll(JsonItemExporter, ITEMS, { indent: 2 }).text).toBe(SCRAPY.jsonIndent2);
  });

  it('treats indent null as 0 (one item per line)', () => {
    expect(exportAll(JsonItemExporter, ITEMS, { indent: null }).text).toBe(withoutPythonSpacing(SCRAPY.json));
  });

  it('keeps characters as they are when an encoding is set', () => {
    expect(exportAll(JsonItemExporter, ITEMS, { encoding: 'utf-8' }).text).toBe(withoutPythonSpacing(SCRAPY.jsonUtf8));
  });

  it('selects and orders fields, leaving out the ones an item lacks', () => {
    expect(exportAll(JsonItemExporter, ITEMS, { fields: ['price', 'name'] }).text).toBe(withoutPythonSpacing(SCRAPY.jsonFields));
  });

  it('writes an empty array as Scrapy does', () => {
    expect(exportAll(JsonItemExporter, []).text).toBe(SCRAPY.jsonEmpty);
  });

  it('writes each item as soon as it is exported', () => {
    const { chunks } = exportAll(JsonItemExporter, ITEMS);
    expect(chunks).toHaveLength(ITEMS.length + 2);
  });

  it('serializes dates as ISO strings, Sets as arrays, Maps as objects and bigints as strings', () => {
    const item = { when: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)), set: new Set(['a']), map: new Map([['k', 1]]), big: 12345678901234567890n };
    expect(exportAll(JsonLinesItemExporter, [item]).text).toBe('{"when":"2024-01-02T03:04:05.000Z","set":["a"],"map":{"k":1},"big":"12345678901234567890"}\n');
  });

  it('escapes astral characters as surrogate pairs, as Python', () => {
    expect(exportAll(JsonLinesItemExporter, [{ emoji: '😀' }]).text).toBe('{"emoji":"\\ud83d\\ude00"}\n');
  });
});

describe('JsonLinesItemExporter', () => {
  it('writes one object per line as Scrapy', () => {
    expect(exportAll(JsonLinesItemExporter, ITEMS).text).toBe(withoutPythonSpacing(SCRAPY.jsonlines));
    expect(exportAll(JsonLinesItemExporter, ITEMS, { encoding: 'utf-8', indent: 4 }).text).toBe(withoutPythonSpacing(SCRAPY.jsonlinesUtf8));
  });
});

describe('CsvItemExporter', () => {
  it('writes the header from the first item, CRLF lines and minimal quoting, exactly as Scrapy', () => {
    expect(exportAll(CsvItemExporter, CSV_ITEMS).text).toBe(SCRAPY.csv);
  });

  it('uses fields for the header and the column order', () => {
    expect(exportAll(CsvItemExporter, CSV_ITEMS, { fields: ['price', 'name'] }).text).toBe(SCRAPY.csvFields);
  });

  it('quotes a lone empty field, as Python csv', () => {
    expect(exportAll(CsvItemExporter, [{ a: '' }, { a: 'x' }, {}]).text).toBe(SCRAPY.csvOneColumn);
  });

  it('writes nested values as JSON, dates as ISO strings and null as empty', () => {
    const item = { nested: { x: 1 }, numbers: [1, 2], when: new Date(Date.UTC(2024, 0, 2)), none: null, flag: true };
    expect(exportAll(CsvItemExporter, [item]).text).toBe('nested,numbers,when,none,flag\r\n"{""x"":1}","[1,2]",2024-01-02T00:00:00.000Z,,true\r\n');
  });

  it('takes exporter options: no header, a delimiter, a join string', () => {
    const { text } = exportAll(CsvItemExporter, [{ a: 'x;y', b: ['1', '2'] }], { includeHeadersLine: false, delimiter: ';', joinMultivalued: '|' });
    expect(text).toBe('"x;y";1|2\r\n');
  });

  it('writes nothing for no items', () => {
    expect(exportAll(CsvItemExporter, [], { fields: ['a'] }).text).toBe('');
  });
});

describe('XmlItemExporter', () => {
  it('writes one item per line with list values as <value> children, exactly as Scrapy', () => {
    expect(exportAll(XmlItemExporter, ITEMS).text).toBe(SCRAPY.xml);
  });

  it('pretty-prints with indent > 0 exactly as Scrapy', () => {
    expect(exportAll(XmlItemExporter, ITEMS, { indent: 2 }).text).toBe(SCRAPY.xmlIndent2);
  });

  it('selects fields, and writes an empty feed, as Scrapy', () => {
    expect(exportAll(XmlItemExporter, ITEMS, { fields: ['price', 'name'] }).text).toBe(SCRAPY.xmlFields);
    expect(exportAll(XmlItemExporter, []).text).toBe(SCRAPY.xmlEmpty);
  });

  it('keeps the output well-formed: escapes text, fixes names, drops forbidden characters', () => {
    const item = { 'bad name': 'a\r\nb\u0001c', '1st': null, when: new Date(Date.UTC(2024, 0, 2)) };
    expect(exportAll(XmlItemExporter, [item], { encoding: 'latin1', itemElement: 'product', rootElement: 'products' }).text).toBe(
      '<?xml version="1.0" encoding="latin1"?>\n<products>\n<product><bad_name>a&#13;\nbc</bad_name><_1st></_1st><when>2024-01-02T00:00:00.000Z</when></product>\n</products>',
    );
  });
});
