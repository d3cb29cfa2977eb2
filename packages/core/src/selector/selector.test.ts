import { describe, expect, it, vi } from 'vitest';
import { parseDocument } from 'htmlparser2';
import { Selector, SelectorList } from './index.js';

const parsed = vi.hoisted(() => ({ documents: 0 }));
vi.mock('htmlparser2', async (importOriginal) => {
  const original = await importOriginal<typeof import('htmlparser2')>();
  return {
    ...original,
    parseDocument: (...args: Parameters<typeof original.parseDocument>) => {
      parsed.documents++;
      return original.parseDocument(...args);
    },
  };
});

// Expected values below come from parsel 1.7 (Scrapy 2.8) on the same markup.
const QUOTES = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="UTF-8"><title>Quotes to Scrape</title></head>
<body>
<div class="container">
  <div class="quote" itemscope itemtype="http://schema.org/CreativeWork">
    <span class="text" itemprop="text">“The world as we have created it is a process of our thinking.”</span>
    <span>by <small class="author" itemprop="author">Albert Einstein</small>
    <a href="/author/Albert-Einstein">(about)</a></span>
    <div class="tags">Tags: <a class="tag" href="/tag/change/page/1/">change</a> <a class="tag" href="/tag/deep-thoughts/page/1/">deep-thoughts</a></div>
  </div>
  <div class="quote">
    <span class="text">“It is our choices, Harry, that show what we truly are, far more than our abilities.”</span>
    <span>by <small class="author">J.K. Rowling</small> <a href=" /author/J-K-Rowling ">(about)</a></span>
    <div class="tags">Tags: <a class="tag" href="/tag/abilities/page/1/">abilities</a></div>
  </div>
  <p id="price">Price: 1,299.00 &euro; &amp; tax &lt;incl&gt; caf&eacute;<br>next line</p>
  <ul><li>one<li>two <b>bold</b> tail<li>three</ul>
  <table><tr><td>cell 1<td>cell 2</table>
  <nav><div id="outer">o1<div id="inner">i1</div>o2</div></nav>
  <li class="next"><a href="/page/2/">Next <span aria-hidden="true">&rarr;</span></a></li>
</div>
</body>
</html>`;

const page = (): Selector => new Selector({ text: QUOTES });

describe('Selector.css against parsel', () => {
  it('extracts text and attributes', () => {
    const sel = page();
    expect(sel.css('title::text').get()).toBe('Quotes to Scrape');
    expect(sel.css('small.author::text').getAll()).toEqual(['Albert Einstein', 'J.K. Rowling']);
    expect(sel.css('div.quote span a::attr(href)').getAll()).toEqual(['/author/Albert-Einstein', ' /author/J-K-Rowling ']);
    expect(sel.css('li.next a::attr(href)').get()).toBe('/page/2/');
    expect(sel.css('div.quote > span > a::text').getAll()).toEqual(['(about)', '(about)']);
    expect(sel.css('li.next > *::text').getAll()).toEqual(['Next ']);
  });

  it('supports nested queries', () => {
    const quotes = page().css('div.quote');
    expect(quotes.map((q) => q.css('span.text::text').get())).toEqual([
      '“The world as we have created it is a process of our thinking.”',
      '“It is our choices, Harry, that show what we truly are, far more than our abilities.”',
    ]);
    expect(quotes.map((q) => q.css('a.tag::text').getAll())).toEqual([['change', 'deep-thoughts'], ['abilities']]);
    expect(quotes.css('small.author::text').getAll()).toEqual(['Albert Einstein', 'J.K. Rowling']);
  });

  it('gives direct text for `p::text` and all descendant text for `p ::text`', () => {
    const sel = page();
    expect(sel.css('div.tags::text').getAll()).toEqual(['Tags: ', ' ', 'Tags: ']);
    expect(sel.css('div.tags ::text').getAll()).toEqual(['Tags: ', 'change', ' ', 'deep-thoughts', 'Tags: ', 'abilities']);
    expect(sel.css('ul li::text').getAll()).toEqual(['one', 'two ', ' tail', 'three']);
    expect(sel.css('ul li ::text').getAll()).toEqual(['one', 'two ', 'bold', ' tail', 'three']);
    expect(sel.css('td::text').getAll()).toEqual(['cell 1', 'cell 2']);
  });

  it('keeps document order when matches nest, and across a selector group', () => {
    const sel = page();
    expect(sel.css('nav div::text').getAll()).toEqual(['o1', 'i1', 'o2']);
    expect(sel.css('nav div ::text').getAll()).toEqual(['o1', 'i1', 'o2']);
    expect(sel.css('title::text, small.author::text').getAll()).toEqual(['Quotes to Scrape', 'Albert Einstein', 'J.K. Rowling']);
  });

  it('matches descendant-or-self, bounded by the context node', () => {
    const outer = page().css('#outer')[0];
    expect(outer?.css('div::attr(id)').getAll()).toEqual(['outer', 'inner']);
    expect(outer?.css('::attr(id)').getAll()).toEqual(['outer', 'inner']);
    expect(page().css('div.tags')[0]?.css('div a::text').getAll()).toEqual(['change', 'deep-thoughts']);

    const section = new Selector({ text: '<div><section><p>x</p></section></div>' }).css('section')[0];
    expect(section?.css('div p').getAll()).toEqual([]);
    expect(section?.css('section p').getAll()).toEqual(['<p>x</p>']);
    expect(section?.css('*').getAll()).toEqual(['<section><p>x</p></section>', '<p>x</p>']);
  });

  it('anchors nested queries at the context but tests it in its real place (parsel 1.7 answers)', () => {
    const html = '<body><ul id="u"><li class="a">1<b>x</b></li><li class="b">2<i>y</i><p>q</p><p>r</p></li></ul><h1>h</h1><p>after</p></body>';
    const second = new Selector({ text: html }).css('li')[1]!;
    const li = '<li class="b">2<i>y</i><p>q</p><p>r</p></li>';
    const answers: Record<string, string[]> = {
      'li:first-child': [],
      'li:last-child': [li],
      'li + li': [],
      'ul li': [],
      'ul > li': [],
      ':root': [],
      'li i': ['<i>y</i>'],
      'li > p': ['<p>q</p>', '<p>r</p>'],
      'p + p': ['<p>r</p>'],
      'p:first-child': [],
      'p:nth-of-type(2)': ['<p>r</p>'],
      'li, i': [li, '<i>y</i>'],
      '*': [li, '<i>y</i>', '<p>q</p>', '<p>r</p>'],
    };
    for (const [query, expected] of Object.entries(answers)) expect([query, second.css(query).getAll()]).toEqual([query, expected]);
    // The scope ends with the query: the same element answers whole-document queries as before.
    expect(new Selector({ text: html }).css('ul li').getAll()).toHaveLength(2);
  });

  it('serializes elements as lxml does for common markup', () => {
    const sel = page();
    expect(sel.css('li.next a').get()).toBe('<a href="/page/2/">Next <span aria-hidden="true">→</span></a>');
    expect(sel.css('#price').get()).toBe('<p id="price">Price: 1,299.00 € &amp; tax &lt;incl&gt; café<br>next line</p>');
  });

  it('decodes character references in a <textarea>, as in <title> (parsel 1.7 answers)', () => {
    const sel = new Selector({ text: '<form><textarea name=n>Fish &amp; chips &lt;3 &eacute;</textarea></form>' });
    expect(sel.css('textarea::text').get()).toBe('Fish & chips <3 é');
    expect(sel.css('textarea').get()).toBe('<textarea name="n">Fish &amp; chips &lt;3 é</textarea>');
    expect(sel.xpath('string(//textarea)').get()).toBe('Fish & chips <3 é');
  });

  it('exposes attributes', () => {
    const sel = page();
    expect(sel.css('div.quote').attrib).toEqual({ class: 'quote', itemscope: '', itemtype: 'http://schema.org/CreativeWork' });
    expect(sel.css('small.author')[1]?.attrib).toEqual({ class: 'author' });
    expect(sel.css('div.nothing').attrib).toEqual({});
    expect(sel.css('title::text')[0]?.attrib).toEqual({});
  });

  it('gives HTML boolean attributes written without a value their name, as libxml2', () => {
    const form = new Selector({ text: '<input type=checkbox checked value><option selected>x</option>' });
    expect(form.css('input::attr(checked)').getAll()).toEqual(['checked']);
    expect(form.css('input::attr(value)').getAll()).toEqual(['']);
    expect(form.css('input').attrib).toEqual({ type: 'checkbox', checked: 'checked', value: '' });
    expect(form.css('option::attr(selected)').get()).toBe('selected');
    expect(form.xpath('//option/@selected').get()).toBe('selected');
    expect(new Selector({ type: 'xml', text: '<a checked=""/>' }).css('a::attr(checked)').get()).toBe('');
  });

  it('returns undefined or the default for empty results', () => {
    const sel = page();
    expect(sel.css('div.nothing::text').get()).toBeUndefined();
    expect(sel.css('div.nothing::text').get('n/a')).toBe('n/a');
    expect(sel.css('div.nothing').getAll()).toEqual([]);
  });

  it('finds nothing below text and attribute results', () => {
    const sel = page();
    expect(sel.css('p::text')[0]?.css('p').getAll()).toEqual([]);
    expect(sel.css('#price::attr(id)')[0]?.css('*').getAll()).toEqual([]);
  });
});

describe('re', () => {
  const price = (): SelectorList => page().css('#price');

  it('returns whole matches, groups flattened, or the `extract` group', () => {
    expect(price().re(/[\d,]+\.\d+/)).toEqual(['1,299.00']);
    expect(page().css('#price::text').re('(\\d+),(\\d+)')).toEqual(['1', '299']);
    expect(price().re(/Price: (?<extract>[\d,.]+)/)).toEqual(['1,299.00']);
    expect(price().reFirst(/tax (.*?)incl/)).toBe('&lt;');
    expect(price().reFirst(/nothing (\d)/)).toBeUndefined();
    expect(price().reFirst(/nothing (\d)/, 'none')).toBe('none');
  });

  it('reads unmatched groups as empty strings, like findall', () => {
    const tel = new Selector({ text: '<p>Tel: 555-1234, 555-9876</p>' }).css('p::text');
    expect(tel.re(/(\d{3})-(\d{4})/)).toEqual(['555', '1234', '555', '9876']);
    expect(tel.re(/(x)|(\d{3})-/)).toEqual(['', '555', '', '555']);
    expect(tel.re(/(?<extract>\d{3})-\d{4}/)).toEqual(['555']);
  });

  it('decodes entities except &lt; and &amp;, as w3lib does', () => {
    const text = new Selector({
      text:
        '<p>&amp;eacute; &amp;EACUTE; &amp;#233; &amp;#x41; &amp;#128; &amp;#129; &amp;bogus; &amp;bogus ' +
        '&amp;lt; &amp;LT; &amp;gt; &amp;amp; &amp;notit; &amp;nbsp</p>',
    }).css('p::text');
    expect(text.re(/.+/)).toEqual(['é é é A €   &bogus &lt; &LT; > &amp;  \u00a0']);
  });

  it('ignores the lastIndex of a global regex', () => {
    const regex = /\d+/g;
    regex.exec('abc 123');
    expect(new Selector({ root: '7 and 8' }).re(regex)).toEqual(['7', '8']);
  });
});

describe('Selector', () => {
  it('parses lazily', () => {
    const before = parsed.documents;
    const sel = new Selector({ text: QUOTES });
    expect(parsed.documents).toBe(before);
    sel.css('title');
    sel.css('p');
    expect(parsed.documents).toBe(before + 1);
  });

  it('wraps an existing node without reparenting it', () => {
    const doc = parseDocument('<ul><li>a</li><li>b</li></ul>');
    const list = doc.children[0];
    const sel = new Selector({ root: list! });
    expect(sel.css('li::text').getAll()).toEqual(['a', 'b']);
    expect(list?.parent).toBe(doc);
  });

  it('needs text or root', () => {
    expect(() => new Selector({})).toThrow(TypeError);
  });

  it('returns plain arrays from Array methods', () => {
    const quotes = page().css('div.quote');
    expect(quotes).toBeInstanceOf(SelectorList);
    expect(quotes.slice(1)).not.toBeInstanceOf(SelectorList);
    expect(quotes.map((q) => q.attrib.class)).toEqual(['quote', 'quote']);
  });

  it('reads link URLs as response.follow() does', () => {
    const sel = page();
    expect(sel.css('li.next a')[0]?.linkUrl()).toBe('/page/2/');
    expect(sel.css('div.quote span a::attr(href)')[1]?.linkUrl()).toBe('/author/J-K-Rowling');
    expect(sel.css('title')[0]?.linkUrl()).toBeNull();
  });
});

describe('malformed HTML', () => {
  // Each [markup, query, parsel's result]: htmlparser2 repairs these as lxml does.
  const cases: [string, string, string[]][] = [
    ['<p>one<p>two', 'p::text', ['one', 'two']],
    ['<table><tr><td>a</td><td>b</td></tr></table>', 'table > tr > td::text', ['a', 'b']],
    ['<div><span>a</div>b</span>', 'span::text', ['a']],
    ['<p>a<div>b</div>c</p>', 'p::text', ['a']],
    ['<a href=foo>link</a', 'a::attr(href)', ['foo']],
    ['<div class="x"><b>1</b><b>2</b></div></div></div>', 'div.x b::text', ['1', '2']],
    ['<select><option selected>A<option>B</select>', 'option::text', ['A', 'B']],
    ['<DIV ID=Up><SPAN>u</SPAN></DIV>', 'div#Up span::text', ['u']],
    ['<script>var a = "<p>not</p>";</script><p>yes</p>', 'p::text', ['yes']],
    ['<ul><li>one<li>two<ul><li>inner</ul></ul>', 'ul > li::text', ['one', 'two', 'inner']],
    ['<p>a<!-- c -->b</p>', 'p::text', ['a', 'b']],
    ['<dl><dt>t<dd>d<dt>t2</dl>', 'dd::text', ['d']],
  ];
  it.each(cases)('%s', (markup, query, expected) => {
    expect(new Selector({ text: markup }).css(query).getAll()).toEqual(expected);
  });

  it('never throws while parsing', () => {
    const nasty = ['', '<', '<<>>', '</div>', '<a href="', '\0<p\0>x', '<!--', '<![CDATA[x', '<p <p <p>', '<div>'.repeat(5000)];
    for (const text of nasty) expect(() => new Selector({ text }).css('*::text').getAll()).not.toThrow();
  });
});

describe('XML', () => {
  const feed = new Selector({
    type: 'xml',
    text: '<?xml version="1.0"?><feed><Entry id="1"><title><![CDATA[A & B]]></title></Entry><entry id="2"><title>C</title></entry></feed>',
  });

  it('matches case-sensitively and reads CDATA as text', () => {
    expect(feed.css('entry title::text').getAll()).toEqual(['C']);
    expect(feed.css('Entry title::text').getAll()).toEqual(['A & B']);
    expect(feed.css('Entry::attr(id)').getAll()).toEqual(['1']);
    expect(feed.css('entry').get()).toBe('<entry id="2"><title>C</title></entry>');
  });
});

describe("parsel's older names", () => {
  it('extract() and extractFirst() are get() and getAll() under the names Scrapy code still uses', () => {
    const page = new Selector({ text: '<ul><li>a</li><li>b</li></ul>' });
    expect(page.css('li::text').extract()).toEqual(['a', 'b']);
    expect(page.css('li::text').extractFirst()).toBe('a');
    expect(page.css('p::text').extractFirst('none')).toBe('none');
    expect(page.css('li::text')[1]!.extract()).toBe('b');
  });
});
