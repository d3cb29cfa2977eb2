import { describe, expect, it } from 'vitest';
import { HtmlResponse, XmlResponse } from '../http/response.js';
import { Selector, SelectorList } from './index.js';
import { XPathError } from './xpath/index.js';
import { numberToString, pythonFloatString, stringToNumber } from './xpath/numbers.js';

// Expected values are parsel 1.7's (lxml 4.9) on the same markup; the wider
// comparison on real-shaped pages is xpathFixtures.test.ts.
const LISTS = '<html><body><div><ul><li>a</li><li>b</li></ul><ul><li>c</li><li>d</li></ul><p>x<b>y</b>z</p></div></body></html>';

describe('Selector.xpath', () => {
  const sel = (): Selector => new Selector({ text: LISTS });

  it('keeps positional predicates per parent (no `//` shortcut for them)', () => {
    const answers: Record<string, string[]> = {
      '//li[1]/text()': ['a', 'c'],
      '(//li)[1]/text()': ['a'],
      '//li[last()]/text()': ['b', 'd'],
      '(//li)[last()]/text()': ['d'],
      '//li[2 + 0]/text()': ['b', 'd'],
      '//li[position() mod 2 = 1]/text()': ['a', 'c'],
      '//li[1][. = "c"]/text()': ['c'],
      '//li[count(preceding-sibling::li) = 1]/text()': ['b', 'd'],
      '//ul//li[1]/text()': ['a', 'c'],
      '//p/node()[2]': ['<b>y</b>'],
      '//p/text()[last()]': ['z'],
    };
    for (const [query, expected] of Object.entries(answers)) expect([query, sel().xpath(query).getAll()]).toEqual([query, expected]);
  });

  it('counts reverse axes from the context node outwards', () => {
    expect(sel().xpath('name(//b/ancestor::*[1])').get()).toBe('p');
    expect(sel().xpath('//ul[2]/li[2]/preceding-sibling::*[1]/text()').getAll()).toEqual(['c']);
    expect(sel().xpath('//li[. = "c"]/following::*[1]').getAll()).toEqual(['<li>d</li>']);
    expect(sel().xpath('//li[4]/preceding::li[1]/text()').getAll()).toEqual([]);
  });

  it('tells `*` and `div` the operators from the name tests', () => {
    expect(sel().xpath('2*3').get()).toBe('6.0');
    expect(sel().xpath('count(//*) * 2').get()).toBe('22.0');
    expect(sel().xpath('//div div 2').get()).toBe('nan');
  });

  it('anchors relative paths at the context node and `//` at the document, under CSS and XPath', () => {
    const second = sel().css('ul')[1]!;
    expect(second.xpath('./li/text()').getAll()).toEqual(['c', 'd']);
    expect(second.xpath('.//text()').getAll()).toEqual(['c', 'd']);
    expect(second.xpath('li[1]/text()').getAll()).toEqual(['c']);
    expect(second.xpath('//li/text()').getAll()).toEqual(['a', 'b', 'c', 'd']);
    expect(second.xpath('../p/b/text()').getAll()).toEqual(['y']);
    expect(sel().xpath('//ul[2]')[0]!.css('li::text').getAll()).toEqual(['c', 'd']);
    expect(sel().xpath('//ul').xpath('./li[2]/text()').getAll()).toEqual(['b', 'd']);
    expect(sel().xpath('//ul')).toBeInstanceOf(SelectorList);
  });

  it('evaluates a whole-document selector at its root element, as parsel', () => {
    expect(sel().xpath('name(.)').get()).toBe('html');
    expect(sel().xpath('body/div/p/b/text()').get()).toBe('y');
    expect(sel().xpath('..').getAll()).toEqual([]);
    expect(sel().xpath('/').getAll()).toEqual([]);
  });

  it('finds nothing below text and attribute results', () => {
    expect(sel().xpath('//b/text()')[0]!.xpath('..').getAll()).toEqual([]);
    expect(new Selector({ text: '<a href="x">t</a>' }).xpath('//a/@href')[0]!.xpath('..').getAll()).toEqual([]);
    expect(sel().xpath('count(//li)')[0]!.xpath('.').getAll()).toEqual([]);
  });

  it('binds variables, and rejects values XPath has no type for', () => {
    const page = new Selector({ text: '<a id="x" data-n="2">one</a><a id="y">two</a>' });
    expect(page.xpath('//a[@id=$id]/text()', { id: 'y' }).getAll()).toEqual(['two']);
    expect(page.xpath('//a[@data-n = $n]/@id', { n: 2 }).getAll()).toEqual(['x']);
    expect(page.xpath('$flag', { flag: true }).get()).toBe('1');
    expect(() => page.xpath('//a[@id=$id]', { id: ['x'] } as never)).toThrow(/XPath variables must be an object of strings, numbers and booleans/);
    expect(() => page.xpath('//a[@id=$id]', 'x' as never)).toThrow(TypeError);
    expect(() => page.xpath(42 as never)).toThrow(/takes the expression as a string/);
  });

  it('reports errors as parsel does, naming the expression', () => {
    const page = new Selector({ text: '<p><a id="q">x</a></p>' });
    const cases: Record<string, string> = {
      '//a[': 'XPath error: Invalid expression in //a[',
      '//a[@id=$x]': 'XPath error: Undefined variable in //a[@id=$x]',
      '//sm:url': 'XPath error: Undefined namespace prefix in //sm:url',
      'foo()': 'XPath error: Unregistered function in foo()',
      'count(1)': 'XPath error: Invalid type in count(1)',
      'contains("a")': 'XPath error: Invalid number of arguments in contains("a")',
      '//a | "x"': 'XPath error: Invalid type in //a | "x"',
      '//p/position()': 'XPath error: Invalid expression in //p/position()',
      'has-class()': 'XPath error: has-class must have at least 1 argument in has-class()',
    };
    for (const [query, message] of Object.entries(cases)) {
      let error: unknown;
      try {
        page.xpath(query);
      } catch (caught) {
        error = caught;
      }
      expect(error, query).toBeInstanceOf(XPathError);
      expect((error as XPathError).message.startsWith(message), `${query}: ${(error as Error).message}`).toBe(true);
      expect((error as XPathError).expression).toBe(query);
    }
  });

  it('keeps registered namespaces per selector, handed down to the selectors made from it', () => {
    const feed = new Selector({ type: 'xml', text: '<feed xmlns="urn:atom"><entry><id>1</id></entry><entry><id>2</id></entry></feed>' });
    expect(feed.xpath('//entry').getAll()).toEqual([]);
    expect(feed.xpath('//a:id/text()', undefined, { a: 'urn:atom' }).getAll()).toEqual(['1', '2']);
    expect(() => feed.xpath('//a:id')).toThrow('Undefined namespace prefix');
    feed.registerNamespace('a', 'urn:atom');
    const entries = feed.xpath('//a:entry');
    expect(entries.xpath('a:id/text()').getAll()).toEqual(['1', '2']);
    entries[0]!.registerNamespace('b', 'urn:atom');
    expect(() => feed.xpath('//b:id')).toThrow('Undefined namespace prefix');
    expect(feed.namespaces).toMatchObject({ a: 'urn:atom', re: 'http://exslt.org/regular-expressions', set: 'http://exslt.org/sets' });
    expect(() => new Selector({ text: '<a/>', namespaces: { a: 1 } as never })).toThrow(/prefix → namespace URI strings/);
  });

  it('removes namespaces from the tree for every selector over it, CSS included', () => {
    const response = new XmlResponse({
      url: 'http://example.com/sitemap.xml',
      body: '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:x="urn:x"><url><loc>http://a/</loc><x:y x:z="1">q</x:y></url></urlset>',
    });
    expect(response.xpath('//loc/text()').getAll()).toEqual([]);
    response.selector.removeNamespaces();
    expect(response.xpath('//url/loc/text()').getAll()).toEqual(['http://a/']);
    expect(response.xpath('//y/@z').getAll()).toEqual(['1']);
    expect(response.css('url > y::attr(z)').getAll()).toEqual(['1']);
    expect(response.xpath('/*').get()).toBe('<urlset><url><loc>http://a/</loc><y z="1">q</y></url></urlset>');
  });

  it('reads links the way follow() does from attribute results', () => {
    const response = new HtmlResponse({ url: 'http://example.com/a/', body: '<a href=" next.html ">n</a>' });
    expect(response.xpath('//a/@href').get()).toBe(' next.html ');
    expect(response.follow(response.xpath('//a/@href')[0]!).url).toBe('http://example.com/a/next.html');
    expect(response.followAll(response.xpath('//a')).map((request) => request.url)).toEqual(['http://example.com/a/next.html']);
  });

  it('builds its view of a document only for XPath, once per document', () => {
    const page = sel();
    page.css('li');
    const first = page.xpath('//li');
    // Attribute nodes keep their identity across queries, so unions deduplicate them.
    expect(page.xpath('//li/@* | //@*').getAll()).toEqual([]);
    expect(first[0]!.xpath('count(//li)').get()).toBe('4.0');
  });

  it('walks documents nested deeper than the call stack would allow recursively', () => {
    const deep = new Selector({ text: `${'<div>'.repeat(20_000)}<i>x</i>` });
    expect(deep.xpath('//i/text()').getAll()).toEqual(['x']);
    expect(deep.xpath('count(//i/ancestor::div)').get()).toBe('20000.0');
    expect(deep.xpath('//i/preceding::*').getAll()).toEqual([]);
  });
});

describe('XPath numbers', () => {
  it('writes string() of numbers as libxml2', () => {
    const cases: [number, string][] = [
      [0.1 + 0.2, '0.3'], [1 / 3, '0.333333333333333'], [1e9, '1000000000'], [1e10, '1e+10'], [123456789012, '1.23456789012e+11'],
      [0.00001, '0.00001'], [0.0000123, '0.0000123'], [1e-6, '1e-06'], [-1.5, '-1.5'], [-0, '0'], [NaN, 'NaN'],
      [Infinity, 'Infinity'], [-Infinity, '-Infinity'], [1.23456789012346e29, '1.23456789012346e+29'],
    ];
    for (const [value, text] of cases) expect([value, numberToString(value)]).toEqual([value, text]);
  });

  it('reads strings as libxml2', () => {
    const cases: [string, number][] = [
      ['1e3', 1000], ['+1', NaN], [' 12 ', 12], ['1.', 1], ['.5', 0.5], ['-.5', -0.5], ['0x1', NaN], ['1 2', NaN], ['', NaN],
      ['-', -0], ['-e3', -0], ['.', NaN], ['-.', NaN], ['1e', 1], ['1e+', 1], ['e3', NaN], ['\t5\n', 5], ['--1', NaN], ['5e-1', 0.5],
    ];
    for (const [text, value] of cases) expect([text, stringToNumber(text)]).toEqual([text, value]);
  });

  it("shows numeric results as Python's str(float)", () => {
    const cases: [number, string][] = [
      [2, '2.0'], [0.1, '0.1'], [1e16, '1e+16'], [1e15, '1000000000000000.0'], [1.5e-5, '1.5e-05'], [0.0001, '0.0001'],
      [-0, '-0.0'], [NaN, 'nan'], [-Infinity, '-inf'], [1 / 3, '0.3333333333333333'], [123.456, '123.456'],
    ];
    for (const [value, text] of cases) expect([value, pythonFloatString(value)]).toEqual([value, text]);
  });
});
