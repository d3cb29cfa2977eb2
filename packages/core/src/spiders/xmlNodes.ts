/**
 * Scrapy's `xmliter` (the `iternodes` iterator of XMLFeedSpider), streaming:
 * the body is decoded and parsed a chunk at a time by htmlparser2's
 * tokenizer, and only the elements named `itertag` are built as trees, one
 * at a time, so the parsing never holds more than a chunk and one node
 * whatever the size of the feed. Each node is a Selector whose root is the
 * element, carrying the namespace declarations of its ancestors (as Scrapy
 * copies them into the node) so prefixed names resolve.
 *
 * Safe on hostile feeds: a DTD is never read, so entities it declares are not
 * expanded ("billion laughs") and external entities are never fetched (XXE);
 * a reference to such an entity is dropped, as Scrapy's iterator drops it.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { Parser, type Handler } from 'htmlparser2';
import { DomHandler, isTag, type Element } from 'domhandler';
import { decodeXML } from 'entities';
import iconv from 'iconv-lite';
import { resolveEncoding } from '../http/encoding.js';
import { Selector } from '../selector/index.js';

/** Bytes decoded and parsed per step; between steps other work (downloads) may run. */
const CHUNK_BYTES = 64 * 1024;

export interface XmlNodeOptions {
  /** Prefixes for the nodes' XPath queries (`XmlFeedSpider.namespaces`). */
  namespaces?: Readonly<Record<string, string>>;
}

/** The `itertag` elements of an XML body, in document order; a node nested in another is part of the outer one. */
export async function* iterateXmlNodes(body: Buffer, encoding: string, itertag: string, options: XmlNodeOptions = {}): AsyncGenerator<Selector> {
  const decoder = iconv.getDecoder(resolveEncoding(encoding) ?? 'utf-8');
  const builder = new NodeBuilder(itertag);
  const parser = new Parser(builder, { xmlMode: true, decodeEntities: false });
  const select = (element: Element) => new Selector({ root: element, type: 'xml', namespaces: options.namespaces });
  for (let start = 0; start < body.length; start += CHUNK_BYTES) {
    parser.write(decoder.write(body.subarray(start, start + CHUNK_BYTES)));
    for (const element of builder.take()) yield select(element);
    await yieldToEventLoop();
  }
  parser.write(decoder.end() ?? '');
  parser.end();
  for (const element of builder.take()) yield select(element);
}

/** Undefined named references (those a DTD would declare); the five XML ones and numeric ones are decoded. */
const UNDECLARED_REFERENCE = /&(?!(?:amp|lt|gt|quot|apos);)[A-Za-z_:][\w.:-]*;/g;

/** XML text as written → its value, without expanding any entity a DTD declares. */
function decodeText(raw: string): string {
  if (!raw.includes('&')) return raw;
  return decodeXML(raw.replace(UNDECLARED_REFERENCE, ''));
}

function isDeclaration(name: string): boolean {
  return name === 'xmlns' || name.startsWith('xmlns:');
}

/**
 * The parser's handler: tracks the namespace declarations in scope outside
 * the nodes, and builds each node (with domhandler, the tree Selector reads)
 * while inside one.
 */
class NodeBuilder implements Partial<Handler> {
  readonly #itertag: string;
  /** Declarations of each open element outside a node (null for none). */
  readonly #scopes: Array<Array<[string, string]> | null> = [];
  #node: DomHandler | null = null;
  #depth = 0;
  #text = '';
  #inCdata = false;
  #done: Element[] = [];

  constructor(itertag: string) {
    this.#itertag = itertag;
  }

  /** The nodes completed since the last call. */
  take(): Element[] {
    const done = this.#done;
    this.#done = [];
    return done;
  }

  onopentag(name: string, rawAttributes: Record<string, string>): void {
    const attributes: Record<string, string> = {};
    for (const key in rawAttributes) attributes[key] = decodeText(rawAttributes[key]!);
    if (this.#node) {
      this.#flushText();
      this.#depth++;
      this.#node.onopentag(name, attributes);
      return;
    }
    if (name !== this.#itertag) {
      const declarations = Object.entries(attributes).filter(([key]) => isDeclaration(key));
      this.#scopes.push(declarations.length > 0 ? declarations : null);
      return;
    }
    this.#node = new DomHandler(null, { xmlMode: true });
    this.#depth = 1;
    this.#node.onopentag(name, { ...this.#inheritedDeclarations(attributes), ...attributes });
  }

  onclosetag(): void {
    if (!this.#node) {
      this.#scopes.pop();
      return;
    }
    this.#flushText();
    this.#node.onclosetag();
    if (--this.#depth > 0) return;
    this.#node.onend();
    const element = this.#node.root.children.find(isTag);
    if (element) this.#done.push(element);
    this.#node = null;
  }

  ontext(data: string): void {
    // Buffered until the next event: a chunk may end inside a reference.
    if (this.#node) this.#text += data;
  }

  oncdatastart(): void {
    if (!this.#node) return;
    this.#flushText();
    this.#inCdata = true;
    this.#node.oncdatastart();
  }

  oncdataend(): void {
    if (!this.#node) return;
    this.#flushText();
    this.#inCdata = false;
    this.#node.oncdataend();
  }

  oncomment(data: string): void {
    if (!this.#node) return;
    this.#flushText();
    this.#node.oncomment(data);
  }

  oncommentend(): void {
    this.#node?.oncommentend();
  }

  onprocessinginstruction(name: string, data: string): void {
    if (!this.#node) return;
    this.#flushText();
    this.#node.onprocessinginstruction(name, data);
  }

  #flushText(): void {
    if (this.#text === '') return;
    const text = this.#inCdata ? this.#text : decodeText(this.#text);
    this.#text = '';
    // No empty text node where only a dropped reference was (lxml has none there).
    if (text !== '') this.#node!.ontext(text);
  }

  /** The declarations in scope that the node does not make itself, nearest ancestor winning. */
  #inheritedDeclarations(own: Record<string, string>): Record<string, string> {
    const inherited: Record<string, string> = {};
    for (const declarations of this.#scopes) {
      if (declarations) for (const [name, uri] of declarations) if (!(name in own)) inherited[name] = uri;
    }
    return inherited;
  }
}
