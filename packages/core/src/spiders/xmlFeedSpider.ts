/**
 * Scrapy's `XMLFeedSpider`: every response of the spider's start URLs (and of
 * requests without a callback) is an XML feed whose `itertag` nodes go one by
 * one to `parseNode`, whose results go through `processResults`.
 *
 * `iterator` chooses how the nodes are found:
 * - `'iternodes'` (the default): streaming; the parsing holds one node at a
 *   time, whatever the size of the feed (see xmlNodes.ts);
 * - `'xml'`: `//itertag` on the whole document parsed as XML, so a node's
 *   XPath can reach outside it (`..`, `//other`); the document is in memory;
 * - `'html'`: the same, parsed as HTML (a lenient parser for broken feeds).
 */
import type { Request, SpiderOutput } from '../http/request.js';
import { Response, TextResponse } from '../http/response.js';
import type { CrawlerContext } from '../component/context.js';
import { parseDocument } from 'htmlparser2';
import { Selector } from '../selector/index.js';
import { iterateOutput, toAsync } from './output.js';
import { iterateXmlNodes } from './xmlNodes.js';
import { Spider } from './spider.js';

export type XmlFeedIterator = 'iternodes' | 'xml' | 'html';

/** Prefix → namespace URI, as an object or as Scrapy's list of `[prefix, uri]` pairs. */
export type FeedNamespaces = Readonly<Record<string, string>> | ReadonlyArray<readonly [string, string]>;

const ITERATORS: readonly XmlFeedIterator[] = ['iternodes', 'xml', 'html'];

export abstract class XmlFeedSpider<Item = Record<string, unknown>> extends Spider<Item> {
  /** How nodes are found: `'iternodes'` (streaming, the default), `'xml'` or `'html'` (whole-document selectors). */
  iterator: XmlFeedIterator = 'iternodes';
  /** The name of the nodes to iterate, as written in the feed (`item`, `entry`, `g:product`...). */
  itertag = 'item';
  /** Prefixes the nodes' XPath queries may use: `{ atom: 'http://www.w3.org/2005/Atom' }` or `[['atom', '...']]`. */
  namespaces: FeedNamespaces = {};
  #namespaces: Readonly<Record<string, string>> | undefined;

  /** Called with each node (a Selector over it): return or yield items and requests. */
  abstract parseNode(response: Response, node: Selector): SpiderOutput<Item>;

  /** Checks the iterator, the tag and the namespaces at start; a spider that overrides `parse` is an error (it runs the feed). */
  override bindCrawler(crawler: CrawlerContext): void {
    super.bindCrawler(crawler);
    const name = this.constructor.name;
    if (this.parse !== XmlFeedSpider.prototype.parse) throw new TypeError(`${name}: an XmlFeedSpider must not override parse(), which iterates the feed; write parseNode(response, node)`);
    if (typeof this.parseNode !== 'function') throw new TypeError(`${name}: an XmlFeedSpider needs a parseNode(response, node) method`);
    if (!ITERATORS.includes(this.iterator)) throw new TypeError(`${name}: iterator must be one of ${ITERATORS.map((it) => `'${it}'`).join(', ')}, got ${JSON.stringify(this.iterator)}`);
    if (typeof this.itertag !== 'string' || this.itertag === '') throw new TypeError(`${name}: itertag must name the feed's nodes, such as 'item' or 'entry', got ${JSON.stringify(this.itertag)}`);
    this.#namespaces = namespaceMap(this.namespaces, name);
  }

  /** Override to change the feed before it is parsed (fix its markup, say); return the response to parse. */
  adaptResponse(response: Response): Response | Promise<Response> {
    return response;
  }

  /**
   * Called with each node's results (as an async iterable) before they reach
   * the crawl, as Scrapy's `process_results`: set ids, drop some. Default: the results.
   */
  processResults(_response: Response, results: AsyncIterable<Item | Request>): SpiderOutput<Item> {
    return results;
  }

  /** The feed's nodes through `parseNode` and `processResults`. */
  async *parseNodes(response: Response, nodes: AsyncIterable<Selector> | Iterable<Selector>): AsyncGenerator<Item | Request> {
    const processes = this.processResults !== XmlFeedSpider.prototype.processResults;
    for await (const node of nodes) {
      const results = iterateOutput(this.parseNode(response, node));
      yield* (processes ? iterateOutput(this.processResults(response, toAsync(results) as AsyncIterable<Item | Request>)) : results) as AsyncIterable<Item | Request>;
    }
  }

  /** Parses the feed. Do not override it: write `parseNode`. */
  override async *parse(response: Response): AsyncGenerator<Item | Request> {
    const feed = await this.adaptResponse(response);
    if (!(feed instanceof Response)) throw new TypeError(`${this.constructor.name}.adaptResponse must return a Response, got ${String(feed)}`);
    yield* this.parseNodes(feed, this.#nodes(feed));
  }

  #nodes(response: Response): AsyncIterable<Selector> | Iterable<Selector> {
    const namespaces = this.#namespaces ?? namespaceMap(this.namespaces, this.constructor.name);
    const encoding = response instanceof TextResponse ? response.encoding : 'utf-8';
    if (this.iterator === 'iternodes') return iterateXmlNodes(response.body, encoding, this.itertag, { namespaces });
    const text = response instanceof TextResponse ? response.text : response.body.toString('utf8');
    // As lxml's HTML parser (so Scrapy's 'html' iterator), `<description/>` closes itself in a feed read as HTML.
    const selector = this.iterator === 'xml'
      ? new Selector({ text, type: 'xml', namespaces })
      : new Selector({ root: parseDocument(text, { recognizeSelfClosing: true }), type: 'html', namespaces });
    return selector.xpath(`//${this.itertag}`);
  }
}

function namespaceMap(namespaces: FeedNamespaces, spider: string): Readonly<Record<string, string>> {
  const entries = Array.isArray(namespaces) ? namespaces : typeof namespaces === 'object' && namespaces !== null ? Object.entries(namespaces) : null;
  if (entries === null || !entries.every((entry) => Array.isArray(entry) && entry.length === 2 && typeof entry[0] === 'string' && typeof entry[1] === 'string')) {
    throw new TypeError(`${spider}: namespaces must be { prefix: uri } or a list of [prefix, uri] pairs, got ${JSON.stringify(namespaces)}`);
  }
  return Object.fromEntries(entries);
}
