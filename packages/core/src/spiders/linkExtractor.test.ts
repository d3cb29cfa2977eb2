/**
 * LinkExtractor against Scrapy 2.8's LinkExtractor: every expected list below
 * is what Scrapy returned for the same page, URL and options (as [url, text, nofollow];
 * Scrapy's `fragment` is always '').
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSite, type TestSite } from '@arachne/testsite';
import { HtmlResponse } from '../http/response.js';
import { LinkExtractor, type Link, type LinkExtractorOptions } from './linkExtractor.js';

type Expected = Array<[url: string, text: string, nofollow: boolean]>;

const asTuples = (links: Link[]): Expected => links.map((link) => [link.url, link.text, link.nofollow]);

/** Scrapy's documented `process_value` example: the target of `javascript:goToPage('...')`. */
function goToPage(url: string): string | null {
  const target = /javascript:goToPage\('(.*?)'/.exec(url);
  if (target) return target[1] ?? null;
  return url.includes('skip') ? null : url;
}

function extract(url: string, html: string, options?: LinkExtractorOptions): Link[] {
  return new LinkExtractor(options).extractLinks(new HtmlResponse({ url, body: Buffer.from(html) }));
}

const CASES: Array<{ name: string; url: string; html: string; options?: LinkExtractorOptions; expected: Expected }> = [
  {
    name: 'relative, absolute, ../ and protocol-relative links',
    url: 'http://example.com/a/b/page.html',
    html: "<a href='c.html'>C</a><a href='../up.html'>Up</a><a href='../../../../top.html'>Top</a><a href='/root'>Root</a><a href='//other.org/x'>Proto</a><a href='http://example.com/a/b/c.html'>C again</a><a href='?q=1'>Query</a><a href=''>Empty</a><a>No href</a>",
    expected: [
      ['http://example.com/a/b/c.html', 'C', false],
      ['http://example.com/a/up.html', 'Up', false],
      ['http://example.com/top.html', 'Top', false],
      ['http://example.com/root', 'Root', false],
      ['http://other.org/x', 'Proto', false],
      ['http://example.com/a/b/page.html?q=1', 'Query', false],
      ['http://example.com/a/b/page.html', 'Empty', false],
    ],
  },
  {
    name: 'base href',
    url: 'http://example.com/dir/page.html',
    html: "<html><head><base href='http://cdn.example.org/base/'></head><body><a href='x.html'>X</a><a href='/y'>Y</a><a href='http://example.com/z'>Z</a></body></html>",
    expected: [
      ['http://cdn.example.org/base/x.html', 'X', false],
      ['http://cdn.example.org/y', 'Y', false],
      ['http://example.com/z', 'Z', false],
    ],
  },
  {
    name: 'relative base href',
    url: 'http://example.com/dir/page.html',
    html: "<html><head><base href='/other/'></head><body><a href='x.html'>X</a></body></html>",
    expected: [
      ['http://example.com/other/x.html', 'X', false],
    ],
  },
  {
    name: 'area tags and other tags',
    url: 'http://example.com/',
    html: "<map><area href='/area1' alt='A'><area shape='rect' href='/area2'></map><link href='/style'><img src='/img.png'><a href='/a'>A</a>",
    expected: [
      ['http://example.com/area1', '', false],
      ['http://example.com/area2', '', false],
      ['http://example.com/a', 'A', false],
    ],
  },
  {
    name: 'custom tags and attrs',
    url: 'http://example.com/',
    html: "<img src='/one' data-src='/two'><img data-src='/three' src='/four'><a href='/a' src='/asrc'>A</a><iframe src='/frame'></iframe>",
    options: { tags: ['img', 'iframe', 'a'], attrs: ['src', 'data-src'], denyExtensions: [] },
    expected: [
      ['http://example.com/one', '', false],
      ['http://example.com/two', '', false],
      ['http://example.com/three', '', false],
      ['http://example.com/four', '', false],
      ['http://example.com/asrc', 'A', false],
      ['http://example.com/frame', '', false],
    ],
  },
  {
    name: 'nofollow',
    url: 'http://example.com/',
    html: "<a rel='nofollow' href='/n1'>1</a><a rel='external nofollow' href='/n2'>2</a><a rel='external,nofollow' href='/n3'>3</a><a rel='NOFOLLOW' href='/n4'>4</a><a rel='nofollowme' href='/n5'>5</a><a rel='noopener' href='/n6'>6</a>",
    expected: [
      ['http://example.com/n1', '1', true],
      ['http://example.com/n2', '2', true],
      ['http://example.com/n3', '3', true],
      ['http://example.com/n4', '4', false],
      ['http://example.com/n5', '5', false],
      ['http://example.com/n6', '6', false],
    ],
  },
  {
    name: 'fragments and duplicates',
    url: 'http://example.com/p',
    html: "<a href='/x#one'>One</a><a href='/x#two'>Two</a><a href='/x'>Plain</a><a href='/x#one'>One again</a><a href='#top'>Top</a><a href='/q?b=2&amp;a=1'>BA</a><a href='/q?a=1&amp;b=2'>AB</a><a href='/x' rel='nofollow'>Plain nofollow</a>",
    expected: [
      ['http://example.com/x#one', 'One', false],
      ['http://example.com/x#two', 'Two', false],
      ['http://example.com/x', 'Plain', false],
      ['http://example.com/p#top', 'Top', false],
      ['http://example.com/q?b=2&a=1', 'BA', false],
    ],
  },
  {
    name: 'fragments and duplicates, canonicalized',
    url: 'http://example.com/p',
    html: "<a href='/x#one'>One</a><a href='/x#two'>Two</a><a href='/x'>Plain</a><a href='/q?b=2&amp;a=1'>BA</a><a href='/q?a=1&amp;b=2'>AB</a><a href='/sp ace'>Space</a>",
    options: { canonicalize: true },
    expected: [
      ['http://example.com/x', 'One', false],
      ['http://example.com/q?a=1&b=2', 'BA', false],
      ['http://example.com/sp%20ace', 'Space', false],
    ],
  },
  {
    name: 'fragments and duplicates, not unique',
    url: 'http://example.com/p',
    html: "<a href='/x#one'>One</a><a href='/x#one'>One</a><a href='/x'>Plain</a><a href='/x'>Plain</a>",
    options: { unique: false },
    expected: [
      ['http://example.com/x#one', 'One', false],
      ['http://example.com/x#one', 'One', false],
      ['http://example.com/x', 'Plain', false],
      ['http://example.com/x', 'Plain', false],
    ],
  },
  {
    name: 'uppercase schemes and hosts',
    url: 'http://example.com/',
    html: "<a href='HTTP://EXAMPLE.COM/Path'>Upper</a><a href='HtTpS://Example.Org/'>Mixed</a><a href='MAILTO:x@y.z'>Mail</a>",
    expected: [
      ['http://example.com/Path', 'Upper', false],
      ['https://example.org/', 'Mixed', false],
    ],
  },
  {
    name: 'whitespace around hrefs',
    url: 'http://example.com/a/',
    html: "<a href='  /spaced  '>S</a><a href='\n\t/newline\n'>N</a><a href=' rel.html '>R</a><a href='  '>Blank</a>",
    expected: [
      ['http://example.com/spaced', 'S', false],
      ['http://example.com/newline', 'N', false],
      ['http://example.com/a/rel.html', 'R', false],
      ['http://example.com/a/', 'Blank', false],
    ],
  },
  {
    name: 'schemes',
    url: 'http://example.com/',
    html: "<a href='mailto:a@b.c'>m</a><a href='javascript:void(0)'>js</a><a href='tel:+123'>tel</a><a href='ftp://ftp.example.com/f'>ftp</a><a href='file:///etc/hosts'>file</a><a href='data:text/plain,x'>data</a><a href='https://secure.example.com/'>https</a>",
    expected: [
      ['ftp://ftp.example.com/f', 'ftp', false],
      ['file:///etc/hosts', 'file', false],
      ['https://secure.example.com/', 'https', false],
    ],
  },
  {
    name: 'invalid URLs are skipped',
    url: 'http://example.com/',
    html: "<a href='http://[bad'>Bad</a><a href='http://[::1'>Bad6</a><a href='/good'>Good</a>",
    expected: [
      ['http://example.com/good', 'Good', false],
    ],
  },
  {
    name: 'link text',
    url: 'http://example.com/',
    html: "<a href='/t1'>  Hello <b>bold</b> <i>world</i>\n</a><a href='/t2'><img src='x.png' alt='alt'></a><a href='/t3'>caf&eacute; &amp; co</a><a href='/t4'>a<!-- comment -->b</a>",
    expected: [
      ['http://example.com/t1', '  Hello bold world\n', false],
      ['http://example.com/t2', '', false],
      ['http://example.com/t3', 'café & co', false],
      ['http://example.com/t4', 'ab', false],
    ],
  },
  {
    name: 'default denied extensions',
    url: 'http://example.com/files/',
    html: "<a href='doc.pdf'>pdf</a><a href='IMG.JPG'>jpg</a><a href='a.tar.gz'>tgz</a><a href='page.html'>html</a><a href='page.php?f=x.pdf'>query pdf</a><a href='x.pdf;v=1'>pdf params</a><a href='/.png'>dot png</a><a href='dir.zip/'>zip dir</a><a href='style.css'>css</a><a href='data.json'>json</a><a href='movie.mp4#t=1'>mp4 frag</a>",
    expected: [
      ['http://example.com/files/page.html', 'html', false],
      ['http://example.com/files/page.php?f=x.pdf', 'query pdf', false],
      ['http://example.com/files/dir.zip/', 'zip dir', false],
      ['http://example.com/files/data.json', 'json', false],
    ],
  },
  {
    name: 'custom denied extensions',
    url: 'http://example.com/files/',
    html: "<a href='doc.pdf'>pdf</a><a href='data.json'>json</a><a href='page.html'>html</a>",
    options: { denyExtensions: ['json', 'html'] },
    expected: [
      ['http://example.com/files/doc.pdf', 'pdf', false],
    ],
  },
  {
    name: 'allow and deny patterns',
    url: 'http://example.com/',
    html: "<a href='/product/1'>P1</a><a href='/product/22'>P22</a><a href='/product/x'>PX</a><a href='/category/books'>Cat</a><a href='/product/3?sort=asc'>P3 sorted</a><a href='http://other.com/product/9'>Other</a>",
    options: { allow: ['/product/\\d+', '/category/'], deny: ['sort=', 'other\\.com'] },
    expected: [
      ['http://example.com/product/1', 'P1', false],
      ['http://example.com/product/22', 'P22', false],
      ['http://example.com/category/books', 'Cat', false],
    ],
  },
  {
    name: 'allow as one pattern',
    url: 'http://example.com/',
    html: "<a href='/product/1'>P1</a><a href='/about'>About</a>",
    options: { allow: 'product' },
    expected: [
      ['http://example.com/product/1', 'P1', false],
    ],
  },
  {
    name: 'allow and deny domains',
    url: 'http://example.com/',
    html: "<a href='http://example.com/1'>1</a><a href='http://shop.example.com/2'>2</a><a href='http://EXAMPLE.com/3'>3</a><a href='http://notexample.com/4'>4</a><a href='http://example.org/5'>5</a><a href='http://ads.example.com/6'>6</a><a href='http://deep.ads.example.com/7'>7</a>",
    options: { allowDomains: ['Example.com', 'example.org'], denyDomains: ['ads.example.com'] },
    expected: [
      ['http://example.com/1', '1', false],
      ['http://shop.example.com/2', '2', false],
      ['http://example.com/3', '3', false],
      ['http://example.org/5', '5', false],
    ],
  },
  {
    name: 'restrictCss',
    url: 'http://example.com/',
    html: "<div id='nav'><a href='/n1'>N1</a><a href='/shared'>Shared</a></div><div class='content'><a href='/c1'>C1</a><a href='/shared'>Shared</a><a href='/shared'>Shared again</a></div><a href='/outside'>Out</a>",
    options: { restrictCss: ['div.content', '#nav'] },
    expected: [
      ['http://example.com/c1', 'C1', false],
      ['http://example.com/shared', 'Shared', false],
      ['http://example.com/n1', 'N1', false],
    ],
  },
  {
    name: 'restrictCss selecting links themselves',
    url: 'http://example.com/',
    html: "<ul><li class='next'><a href='/page/2'>next</a></li></ul><a href='/page/9'>last</a>",
    options: { restrictCss: 'li.next a' },
    expected: [
      ['http://example.com/page/2', 'next', false],
    ],
  },
  {
    name: 'restrictCss overlapping regions',
    url: 'http://example.com/',
    html: "<div class='outer'><div class='inner'><a href='/in'>In</a></div><a href='/out'>Out</a></div>",
    options: { restrictCss: ['div.inner', 'div.outer'] },
    expected: [
      ['http://example.com/in', 'In', false],
      ['http://example.com/out', 'Out', false],
    ],
  },
  {
    name: 'process',
    url: 'http://example.com/list/',
    html: '<a href="javascript:goToPage(\'/page/2\'); return false">2</a><a href=\'item?id=1\'>1</a><a href=\'skip-me\'>skip</a>',
    options: { process: goToPage },
    expected: [
      ['http://example.com/page/2', '2', false],
      ['http://example.com/list/item?id=1', '1', false],
    ],
  },
];

describe('LinkExtractor, as Scrapy 2.8', () => {
  it.each(CASES)('$name', ({ url, html, options, expected }) => {
    const links = extract(url, html, options);
    expect(asTuples(links)).toEqual(expected);
    expect(links.every((link) => link.fragment === '')).toBe(true);
  });
});

// Links whose WHATWG serialization ends in an empty query or fragment (`page.html#`); Scrapy 2.8's answers.
const EMPTY_PARTS_PAGE = "<a href=\"#\">0</a><a href=\"#top\">1</a><a href=\"\">2</a><a href=\"?\">3</a><a href=\"?#\">4</a><a href=\"?#x\">5</a><a href=\"a.html#\">6</a><a href=\"a.html?\">7</a><a href=\"a.html?#\">8</a><a href=\"a.html?#f\">9</a><a href=\"/b?\">10</a><a href=\"/b?x=1#\">11</a><a href=\"http://other.com/?#\">12</a><a href=\"http://other.com/#\">13</a><a href=\"//other.com/p?\">14</a><a href=\" # \">15</a><a href=\"a.html#?\">16</a><a href=\"a.html?q#\">17</a>";

const EMPTY_PARTS: Array<{ base: string; options: LinkExtractorOptions; expected: Expected }> = [
  {
    base: 'http://example.com/dir/page.html',
    options: { unique: false },
    expected: [["http://example.com/dir/page.html", "0", false], ["http://example.com/dir/page.html#top", "1", false], ["http://example.com/dir/page.html", "2", false], ["http://example.com/dir/page.html", "3", false], ["http://example.com/dir/page.html", "4", false], ["http://example.com/dir/page.html#x", "5", false], ["http://example.com/dir/a.html", "6", false], ["http://example.com/dir/a.html", "7", false], ["http://example.com/dir/a.html", "8", false], ["http://example.com/dir/a.html#f", "9", false], ["http://example.com/b", "10", false], ["http://example.com/b?x=1", "11", false], ["http://other.com/", "12", false], ["http://other.com/", "13", false], ["http://other.com/p", "14", false], ["http://example.com/dir/page.html", "15", false], ["http://example.com/dir/a.html#?", "16", false], ["http://example.com/dir/a.html?q", "17", false]],
  },
  {
    base: 'http://example.com/dir/page.html',
    options: {},
    expected: [["http://example.com/dir/page.html", "0", false], ["http://example.com/dir/page.html#top", "1", false], ["http://example.com/dir/page.html#x", "5", false], ["http://example.com/dir/a.html", "6", false], ["http://example.com/dir/a.html#f", "9", false], ["http://example.com/b", "10", false], ["http://example.com/b?x=1", "11", false], ["http://other.com/", "12", false], ["http://other.com/p", "14", false], ["http://example.com/dir/a.html#?", "16", false], ["http://example.com/dir/a.html?q", "17", false]],
  },
  {
    base: 'http://example.com/dir/page.html',
    options: { deny: ['#'] },
    expected: [["http://example.com/dir/page.html", "0", false], ["http://example.com/dir/a.html", "6", false], ["http://example.com/b", "10", false], ["http://example.com/b?x=1", "11", false], ["http://other.com/", "12", false], ["http://other.com/p", "14", false], ["http://example.com/dir/a.html?q", "17", false]],
  },
  {
    base: 'http://example.com/dir/page.html?p=1',
    options: { unique: false },
    expected: [["http://example.com/dir/page.html?p=1", "0", false], ["http://example.com/dir/page.html?p=1#top", "1", false], ["http://example.com/dir/page.html?p=1", "2", false], ["http://example.com/dir/page.html?p=1", "3", false], ["http://example.com/dir/page.html?p=1", "4", false], ["http://example.com/dir/page.html?p=1#x", "5", false], ["http://example.com/dir/a.html", "6", false], ["http://example.com/dir/a.html", "7", false], ["http://example.com/dir/a.html", "8", false], ["http://example.com/dir/a.html#f", "9", false], ["http://example.com/b", "10", false], ["http://example.com/b?x=1", "11", false], ["http://other.com/", "12", false], ["http://other.com/", "13", false], ["http://other.com/p", "14", false], ["http://example.com/dir/page.html?p=1", "15", false], ["http://example.com/dir/a.html#?", "16", false], ["http://example.com/dir/a.html?q", "17", false]],
  },
  {
    base: 'http://example.com/dir/page.html?p=1',
    options: {},
    expected: [["http://example.com/dir/page.html?p=1", "0", false], ["http://example.com/dir/page.html?p=1#top", "1", false], ["http://example.com/dir/page.html?p=1#x", "5", false], ["http://example.com/dir/a.html", "6", false], ["http://example.com/dir/a.html#f", "9", false], ["http://example.com/b", "10", false], ["http://example.com/b?x=1", "11", false], ["http://other.com/", "12", false], ["http://other.com/p", "14", false], ["http://example.com/dir/a.html#?", "16", false], ["http://example.com/dir/a.html?q", "17", false]],
  },
  {
    base: 'http://example.com/dir/page.html?p=1',
    options: { deny: ['#'] },
    expected: [["http://example.com/dir/page.html?p=1", "0", false], ["http://example.com/dir/a.html", "6", false], ["http://example.com/b", "10", false], ["http://example.com/b?x=1", "11", false], ["http://other.com/", "12", false], ["http://other.com/p", "14", false], ["http://example.com/dir/a.html?q", "17", false]],
  },
];

describe('LinkExtractor on empty queries and fragments, as Scrapy 2.8', () => {
  it.each(EMPTY_PARTS)('$base $options', ({ base, options, expected }) => {
    expect(asTuples(extract(base, EMPTY_PARTS_PAGE, options))).toEqual(expected);
  });
});

const RESTRICT_PAGE = `<html><body>
<div id="nav"><a href="/a">Home</a><a href="/b">About us</a><a href="/x">no</a></div>
<div class="content"><p><a href="/x">yes</a> <a href="/c">Next page</a> <a href="/d#s">Section</a></p>
<div id="inner"><a href="/b">About again</a></div></div>
<footer><a href="/e">Next</a></footer></body></html>`;

const RESTRICT_CASES: Array<{ options: LinkExtractorOptions; expected: Array<[string, string]> }> = [
  // The first link to /x (text "no") wins the deduplication, then fails the text filter.
  { options: { restrictText: 'yes' }, expected: [] },
  { options: { restrictText: ['Next', /About/] }, expected: [['/b', 'About us'], ['/c', 'Next page'], ['/e', 'Next']] },
  { options: { restrictText: '^next' }, expected: [] },
  { options: { restrictXpaths: '//div[@class="content"]' }, expected: [['/x', 'yes'], ['/c', 'Next page'], ['/d#s', 'Section'], ['/b', 'About again']] },
  {
    options: { restrictXpaths: ['//footer', '//div[@id="nav"]'], restrictCss: 'div.content p' },
    expected: [['/e', 'Next'], ['/a', 'Home'], ['/b', 'About us'], ['/x', 'no'], ['/x', 'yes'], ['/c', 'Next page'], ['/d#s', 'Section']],
  },
  { options: { restrictXpaths: '//div[@id="nav"]/a[2] | //div[@id="inner"]' }, expected: [['/b', 'About us'], ['/b', 'About again']] },
  { options: { restrictXpaths: ['//div[@class="content"]', '//div[@id="inner"]'] }, expected: [['/x', 'yes'], ['/c', 'Next page'], ['/d#s', 'Section'], ['/b', 'About again']] },
  { options: { restrictXpaths: '//div[@class="content"]', restrictText: 'Next|About' }, expected: [['/c', 'Next page'], ['/b', 'About again']] },
];

describe('LinkExtractor restrictXpaths and restrictText, as Scrapy 2.8', () => {
  it.each(RESTRICT_CASES)('$options', ({ options, expected }) => {
    const links = extract('http://example.com/p', RESTRICT_PAGE, options);
    expect(links.map((link) => [link.url.replace('http://example.com', ''), link.text])).toEqual(expected);
  });

  it('rejects a restricting query that selects no elements (Scrapy fails on it too)', () => {
    expect(() => extract('http://example.com/p', RESTRICT_PAGE, { restrictXpaths: '//div[@id="nav"]/@id' })).toThrow(/must select elements, but selected "nav"/);
    expect(() => extract('http://example.com/p', RESTRICT_PAGE, { restrictXpaths: '//div[@class="content"]//text()' })).toThrow(/must select elements/);
  });
});

const SITE_CASES: Array<{ path: string; options?: LinkExtractorOptions; expected: Expected }> = [
  {
    path: '/',
    expected: [
      ['ORIGIN/', 'Arachne Books', false],
      ['ORIGIN/catalogue/page/1', 'Catalogue', false],
    ],
  },
  {
    path: '/catalogue/page/1',
    expected: [
      ['ORIGIN/', 'Arachne Books', false],
      ['ORIGIN/catalogue/page/1', 'Catalogue', false],
      ['ORIGIN/product/1', 'Title 1', false],
      ['ORIGIN/product/2', 'Title 2', false],
      ['ORIGIN/product/3', 'Title 3', false],
      ['ORIGIN/product/4', 'Title 4', false],
      ['ORIGIN/product/5', 'Title 5', false],
      ['ORIGIN/product/6', 'Title 6', false],
      ['ORIGIN/product/7', 'Title 7', false],
      ['ORIGIN/product/8', 'Title 8', false],
      ['ORIGIN/product/9', 'Title 9', false],
      ['ORIGIN/product/10', 'Title 10', false],
      ['ORIGIN/catalogue/page/2', 'next', false],
    ],
  },
  {
    path: '/catalogue/page/5',
    expected: [
      ['ORIGIN/', 'Arachne Books', false],
      ['ORIGIN/catalogue/page/1', 'Catalogue', false],
      ['ORIGIN/product/41', 'Title 41', false],
      ['ORIGIN/product/42', 'Title 42', false],
      ['ORIGIN/product/43', 'Title 43', false],
      ['ORIGIN/product/44', 'Title 44', false],
      ['ORIGIN/product/45', 'Title 45', false],
      ['ORIGIN/product/46', 'Title 46', false],
      ['ORIGIN/product/47', 'Title 47', false],
      ['ORIGIN/product/48', 'Title 48', false],
      ['ORIGIN/product/49', 'Title 49', false],
      ['ORIGIN/product/50', 'Title 50', false],
      ['ORIGIN/catalogue/page/4', 'previous', false],
    ],
  },
  {
    path: '/product/1',
    expected: [
      ['ORIGIN/', 'Arachne Books', false],
      ['ORIGIN/catalogue/page/1', 'Catalogue', false],
      ['ORIGIN/product/2', 'Title 2', false],
      ['ORIGIN/product/50', 'Title 50', false],
      ['ORIGIN/product/3?b=2&a=1', 'Title 3 (staff pick)', false],
      ['ORIGIN/product/1#reviews', 'Reviews', false],
    ],
  },
  {
    path: '/product/50',
    expected: [
      ['ORIGIN/', 'Arachne Books', false],
      ['ORIGIN/catalogue/page/1', 'Catalogue', false],
      ['ORIGIN/catalogue/page/5', 'Catalogue', false],
      ['ORIGIN/product/1', 'Title 1', false],
      ['ORIGIN/product/49', 'Title 49', false],
      ['ORIGIN/product/3?b=2&a=1', 'Title 3 (staff pick)', false],
      ['ORIGIN/product/50#reviews', 'Reviews', false],
    ],
  },
  {
    path: '/product/7',
    options: { canonicalize: true },
    expected: [
      ['ORIGIN/', 'Arachne Books', false],
      ['ORIGIN/catalogue/page/1', 'Catalogue', false],
      ['ORIGIN/product/8', 'Title 8', false],
      ['ORIGIN/product/6', 'Title 6', false],
      ['ORIGIN/product/3?a=1&b=2', 'Title 3 (staff pick)', false],
      ['ORIGIN/product/7', 'Reviews', false],
    ],
  },
  {
    path: '/product/7',
    options: { unique: false },
    expected: [
      ['ORIGIN/', 'Arachne Books', false],
      ['ORIGIN/', 'Home', false],
      ['ORIGIN/catalogue/page/1', 'Catalogue', false],
      ['ORIGIN/', 'Home', false],
      ['ORIGIN/catalogue/page/1', 'Catalogue', false],
      ['ORIGIN/product/8', 'Title 8', false],
      ['ORIGIN/product/6', 'Title 6', false],
      ['ORIGIN/product/3?b=2&a=1', 'Title 3 (staff pick)', false],
      ['ORIGIN/product/3?a=1&b=2', 'Title 3 (bestseller)', false],
      ['ORIGIN/product/7#reviews', 'Reviews', false],
    ],
  },
  {
    path: '/catalogue/page/3',
    options: { allow: '/product/\\d+$' },
    expected: [
      ['ORIGIN/product/21', 'Title 21', false],
      ['ORIGIN/product/22', 'Title 22', false],
      ['ORIGIN/product/23', 'Title 23', false],
      ['ORIGIN/product/24', 'Title 24', false],
      ['ORIGIN/product/25', 'Title 25', false],
      ['ORIGIN/product/26', 'Title 26', false],
      ['ORIGIN/product/27', 'Title 27', false],
      ['ORIGIN/product/28', 'Title 28', false],
      ['ORIGIN/product/29', 'Title 29', false],
      ['ORIGIN/product/30', 'Title 30', false],
    ],
  },
  {
    path: '/catalogue/page/3',
    options: { restrictCss: '.pager' },
    expected: [
      ['ORIGIN/catalogue/page/2', 'previous', false],
      ['ORIGIN/catalogue/page/4', 'next', false],
    ],
  },
  {
    path: '/product/7',
    options: { restrictCss: ['section.related', '.actions'], deny: 'b=2' },
    expected: [
      ['ORIGIN/product/8', 'Title 8', false],
      ['ORIGIN/product/6', 'Title 6', false],
    ],
  },
];

describe('LinkExtractor on the test site, as Scrapy 2.8', () => {
  let site: TestSite;
  beforeAll(async () => {
    site = await startTestSite();
  });
  afterAll(() => site.close());

  it.each(SITE_CASES)('$path $options', async ({ path, options, expected }) => {
    const body = Buffer.from(await (await fetch(site.url + path)).arrayBuffer());
    const response = new HtmlResponse({ url: site.url + path, body });
    const links = new LinkExtractor(options).extractLinks(response);
    expect(asTuples(links)).toEqual(expected.map(([url, text, nofollow]) => [url.replace('ORIGIN', site.url), text, nofollow]));
  });
});

describe('LinkExtractor, beyond the Scrapy table', () => {
  it('reuses one extractor across pages, with stateful (g/y) regexes made stateless', () => {
    const extractor = new LinkExtractor({ allow: /product/g });
    const html = '<a href="/product/1">1</a><a href="/product/2">2</a>';
    for (let i = 0; i < 3; i++) {
      const links = extractor.extractLinks(new HtmlResponse({ url: 'http://example.com/', body: Buffer.from(html) }));
      expect(links.map((link) => link.url)).toEqual(['http://example.com/product/1', 'http://example.com/product/2']);
    }
  });

  it('reads the response selector tree, without parsing again', () => {
    const response = new HtmlResponse({ url: 'http://example.com/', body: Buffer.from('<a href="/x">x</a>') });
    const root = response.selector.root;
    new LinkExtractor().extractLinks(response);
    expect(response.selector.root).toBe(root);
  });

  it('matches a domain written with a port against host and port', () => {
    const html = '<a href="http://example.com:8080/a">a</a><a href="http://example.com/b">b</a>';
    expect(extract('http://example.com/', html, { allowDomains: 'example.com:8080' }).map((link) => link.url)).toEqual(['http://example.com:8080/a']);
    expect(extract('http://example.com/', html, { allowDomains: 'example.com' })).toHaveLength(2);
  });

  // Known differences, from parsing URLs as the WHATWG URL standard (browsers, Node) does rather than as Python's urllib.
  it('normalizes URLs as the WHATWG URL standard does', () => {
    const html = '<a href="http://example.com:80/p">port</a><a href="\\\\back\\slash">backslash</a>';
    // Scrapy: http://example.com:80/p and http://example.com/a/%5C%5Cback%5Cslash
    expect(extract('http://example.com/a/', html).map((link) => link.url)).toEqual(['http://example.com/p', 'http://back/slash']);
  });
});
