/**
 * `node --import tsx bench/selectors.ts`: µs per query, CSS and the same query
 * in XPath, on the benchmark's page (already parsed, as a spider's second
 * query finds it), and on a freshly parsed page (the first query of a page).
 * A micro-benchmark: run it alone, and quote ratios rather than absolutes.
 */
import { Selector } from '../packages/core/src/selector/index.js';
import { renderPage } from './site/pages.js';

const PAIRS: [css: string, xpath: string][] = [
  ['a::attr(href)', '//a/@href'],
  ['h1.title::text', '//h1[@class="title"]/text()'],
  ['span.price::text', '//span[@class="price"]/text()'],
  ['p ::text', '//p//text()'],
  ['li.related-item a', '//li[contains(@class, "related-item")]/a'],
  ['table.specs td::text', '//table[@class="specs"]//td/text()'],
];

function microseconds(run: () => unknown, iterations: number): number {
  for (let i = 0; i < Math.min(iterations, 500); i++) run();
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) run();
  return Number(process.hrtime.bigint() - start) / iterations / 1000;
}

const html = renderPage(7, 20_000);
const page = new Selector({ text: html });
console.log(`page: ${html.length} bytes\n`);
console.log('query (css | xpath)                                         css µs  xpath µs  ratio');
for (const [css, xpath] of PAIRS) {
  const a = page.css(css).getAll();
  const b = page.xpath(xpath).getAll();
  if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`${css} and ${xpath} disagree`);
  const cssTime = microseconds(() => page.css(css), 5000);
  const xpathTime = microseconds(() => page.xpath(xpath), 5000);
  console.log(`${`${css} | ${xpath}`.padEnd(60)}${cssTime.toFixed(1).padStart(6)}${xpathTime.toFixed(1).padStart(10)}${(xpathTime / cssTime).toFixed(2).padStart(7)}`);
}

// First query on each page: XPath builds its view of the tree (document order, attribute nodes) lazily.
const documents = Array.from({ length: 400 }, (_, i) => new Selector({ text: renderPage(i, 20_000) }).root);
let next = 0;
const fresh = (query: (selector: Selector) => unknown) => () => query(new Selector({ root: documents[next++ % documents.length]! }));
const cssFirst = microseconds(fresh((s) => s.css('a::attr(href)')), 4000);
const xpathFirst = microseconds(fresh((s) => s.xpath('//a/@href')), 4000);
console.log(`\nfirst query on a parsed page: css ${cssFirst.toFixed(1)} µs, xpath ${xpathFirst.toFixed(1)} µs`);
