/**
 * The XPath data model over the htmlparser2 (domhandler) tree we already
 * parsed, shown as lxml (parsel's engine) shows the same document:
 * - the doctype and the `<?xml ...?>` declaration are not nodes, and
 *   whitespace outside the root element is dropped, as libxml2 drops it;
 * - in XML a CDATA section is text, merged with the text around it into one
 *   text node (lxml's parser strips CDATA); the node is named by the first
 *   domhandler node of the run. In HTML, libxml2 reads `<![CDATA[...]]>` as
 *   text, markers included, where htmlparser2 made a comment of it;
 * - an HTML boolean attribute written without a value (`<input checked>`)
 *   has its name as value, as libxml2 gives it;
 * - in XML, names are namespaced as the `xmlns` declarations in scope say,
 *   and the declarations are namespace nodes, not attributes; HTML names
 *   carry no namespace, as in lxml's HTML parser;
 * - attributes are nodes made on first visit and kept, so a node's identity
 *   holds across the steps of a query and the queries of a document.
 */
import { isCDATA, isComment, isDocument, isTag, isText, type AnyNode, type Element, type Document } from 'domhandler';

export const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';

export class AttributeNode {
  constructor(
    readonly owner: Element,
    readonly name: string,
    readonly value: string,
    /** Position among the owner's attributes (namespace declarations count), for document order. */
    readonly index: number,
  ) {}
}

/** A namespace in scope on an element (the `namespace::` axis). */
export class NamespaceNode {
  constructor(
    readonly owner: Element,
    readonly prefix: string,
    readonly uri: string,
  ) {}
}

export type XNode = AnyNode | AttributeNode | NamespaceNode;

export const enum Kind {
  Root,
  Element,
  Attribute,
  Text,
  Comment,
  ProcessingInstruction,
  Namespace,
  /** A domhandler node the view hides (doctype, whitespace outside the root, a merged text run's tail). */
  Hidden,
}

/** One parsed document as XPath sees it; shared by the selectors over it. */
export class XPathTree {
  readonly xml: boolean;
  readonly root: AnyNode;
  #attributes = new Map<Element, AttributeNode[]>();
  #order: Map<AnyNode, number> | undefined;

  constructor(root: AnyNode, xml: boolean) {
    this.root = root;
    this.xml = xml;
  }

  /** Forget what was derived from the tree (after it changed, e.g. `removeNamespaces()`). */
  reset(): void {
    this.#attributes = new Map();
    this.#order = undefined;
  }

  kind(node: XNode): Kind {
    if (node instanceof AttributeNode) return Kind.Attribute;
    if (node instanceof NamespaceNode) return Kind.Namespace;
    switch (node.type) {
      case 'tag':
      case 'script':
      case 'style':
        return Kind.Element;
      case 'text':
      case 'cdata':
        return this.#textKind(node);
      case 'comment':
        return !this.xml && isCdataComment(node) ? this.#textKind(node) : Kind.Comment;
      case 'root':
        return Kind.Root;
      case 'directive': {
        const name = node.name.toLowerCase();
        return name === '!doctype' || name === '?xml' ? Kind.Hidden : Kind.ProcessingInstruction;
      }
      default:
        return Kind.Hidden;
    }
  }

  #textKind(node: AnyNode): Kind {
    const { parent } = node;
    if (parent === null || isDocument(parent)) return isText(node) && node.data.trim() === '' ? Kind.Hidden : Kind.Text;
    // A run of text and CDATA siblings is one text node, named by its first member.
    const prev = node.prev;
    return prev && this.#isTextLike(prev) ? Kind.Hidden : Kind.Text;
  }

  /** Text, or what the view reads as text (CDATA; in HTML, a comment htmlparser2 made of a CDATA section). */
  #isTextLike(node: AnyNode): boolean {
    return isText(node) || isCDATA(node) || (!this.xml && isComment(node) && isCdataComment(node));
  }

  /** The attribute nodes of an element, in source order, without namespace declarations in XML. */
  attributes(element: Element): AttributeNode[] {
    let attributes = this.#attributes.get(element);
    if (attributes === undefined) {
      attributes = [];
      let index = 0;
      for (const name in element.attribs) {
        if (!(this.xml && isNamespaceDeclaration(name))) attributes.push(new AttributeNode(element, name, this.attributeValue(element, name), index));
        index++;
      }
      this.#attributes.set(element, attributes);
    }
    return attributes;
  }

  /** An attribute's value as libxml2 gives it (an HTML boolean attribute without a value has its name). */
  attributeValue(element: Element, name: string): string {
    const value = element.attribs[name]!;
    return this.xml ? value : htmlAttributeValue(name, value);
  }

  /** The namespaces in scope on an element in lxml's order: `xml`, then the declarations, last first. */
  namespaces(element: Element): NamespaceNode[] {
    const nodes: NamespaceNode[] = [new NamespaceNode(element, 'xml', XML_NAMESPACE)];
    if (!this.xml) return nodes;
    const declared: NamespaceNode[] = [];
    const seen = new Set<string>();
    for (let node: AnyNode | null = element; node && isTag(node); node = node.parent) {
      for (const name in node.attribs) {
        if (!isNamespaceDeclaration(name)) continue;
        const prefix = name === 'xmlns' ? '' : name.slice(6);
        if (seen.has(prefix)) continue;
        seen.add(prefix);
        const uri = node.attribs[name]!;
        if (uri !== '') declared.push(new NamespaceNode(element, prefix, uri));
      }
    }
    return nodes.concat(declared.reverse());
  }

  /** Position of a node in document order (attributes right after their element). */
  position(node: XNode): number {
    if (!this.#order) this.#order = this.#numberNodes();
    if (node instanceof AttributeNode) return (this.#order.get(node.owner) ?? 0) + 1 + node.index;
    if (node instanceof NamespaceNode) return this.#order.get(node.owner) ?? 0;
    return this.#order.get(node) ?? -1;
  }

  #numberNodes(): Map<AnyNode, number> {
    const order = new Map<AnyNode, number>();
    let counter = 0;
    const stack: AnyNode[] = [this.root];
    let node: AnyNode | undefined;
    while ((node = stack.pop()) !== undefined) {
      order.set(node, counter);
      // Room after each element for its attributes.
      counter += isTag(node) ? 1 + Object.keys(node.attribs).length : 1;
      if ('children' in node) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
    }
    return order;
  }

  /** The document element: where a selector over the whole document evaluates, as in parsel. */
  documentElement(): AnyNode {
    if (!isDocument(this.root)) return this.root;
    for (const child of this.root.children) if (isTag(child)) return child;
    return this.root;
  }

  /** The node `/` selects. */
  rootOf(node: XNode): AnyNode {
    let top: AnyNode = node instanceof AttributeNode || node instanceof NamespaceNode ? node.owner : node;
    while (top.parent) top = top.parent;
    return top;
  }

  // ------------------------------------------------------------ names

  /** Local name of an element or attribute (the part after the prefix in XML). */
  localName(node: XNode): string {
    if (node instanceof NamespaceNode) return node.prefix;
    const name = node instanceof AttributeNode ? node.name : isTag(node) ? node.name : this.kind(node) === Kind.ProcessingInstruction ? piTarget(node) : '';
    if (!this.xml) return name;
    const colon = name.indexOf(':');
    return colon === -1 ? name : name.slice(colon + 1);
  }

  /** Qualified name as written (XPath's `name()`). */
  qualifiedName(node: XNode): string {
    if (node instanceof NamespaceNode) return node.prefix;
    if (node instanceof AttributeNode) return node.name;
    if (isTag(node)) return node.name;
    return this.kind(node) === Kind.ProcessingInstruction ? piTarget(node) : '';
  }

  /** Namespace URI of an element or attribute ('' for none). */
  namespaceUri(node: XNode): string {
    if (!this.xml || node instanceof NamespaceNode) return '';
    if (node instanceof AttributeNode) {
      const colon = node.name.indexOf(':');
      return colon === -1 ? '' : (lookupNamespace(node.owner, node.name.slice(0, colon)) ?? '');
    }
    if (!isTag(node)) return '';
    const colon = node.name.indexOf(':');
    return lookupNamespace(node, colon === -1 ? '' : node.name.slice(0, colon)) ?? '';
  }

  // ------------------------------------------------------------ values

  /** XPath's string-value of a node. */
  stringValue(node: XNode): string {
    if (node instanceof AttributeNode) return node.value;
    if (node instanceof NamespaceNode) return node.uri;
    switch (node.type) {
      case 'text':
      case 'cdata':
        return this.textOf(node);
      case 'comment':
        return this.kind(node) === Kind.Comment ? node.data : this.textOf(node);
      case 'directive':
        return piData(node);
      case 'root':
      case 'tag':
      case 'script':
      case 'style':
        return descendantText(node as Element | Document, this.xml);
      default:
        return '';
    }
  }

  /** The text of a text node: its whole run of text-like siblings. */
  textOf(node: AnyNode): string {
    let text = plainText(node);
    for (let next = node.next; next && this.#isTextLike(next); next = next.next) text += plainText(next);
    return text;
  }

  /** The domhandler node of a text node when it is a single one, else null (a merged run). */
  singleTextNode(node: AnyNode): AnyNode | null {
    if (!isText(node)) return null;
    const next = node.next;
    return next && this.#isTextLike(next) ? null : node;
  }
}

/** An HTML attribute's value as libxml2 gives it: a boolean attribute written without a value (`<input checked>`) has its name. */
export function htmlAttributeValue(name: string, value: string): string {
  return value === '' && HTML_BOOLEAN_ATTRIBUTES.has(name) ? name : value;
}

/** libxml2's HTML boolean attributes (`htmlBooleanAttrs`). */
const HTML_BOOLEAN_ATTRIBUTES: ReadonlySet<string> = new Set(['checked', 'compact', 'declare', 'defer', 'disabled', 'ismap', 'multiple', 'nohref', 'noresize', 'noshade', 'nowrap', 'readonly', 'selected']);

function isCdataComment(node: AnyNode): boolean {
  return isComment(node) && node.data.startsWith('[CDATA[') && node.data.endsWith(']]');
}

function isNamespaceDeclaration(name: string): boolean {
  return name === 'xmlns' || name.startsWith('xmlns:');
}

function plainText(node: AnyNode): string {
  if (isText(node)) return node.data;
  if (isCDATA(node)) return descendantText(node, true);
  if (isComment(node)) return `<!${node.data}>`; // an HTML CDATA section, read as text
  return '';
}

/** Concatenated text below a node in document order, CDATA included; text outside the root element excluded. */
function descendantText(node: Element | Document | AnyNode, xml: boolean): string {
  if (!('children' in node)) return '';
  const top = isDocument(node);
  let text = '';
  const stack: AnyNode[] = [];
  for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  let current: AnyNode | undefined;
  while ((current = stack.pop()) !== undefined) {
    if (isText(current)) {
      if (!top || current.parent !== node) text += current.data;
    } else if (!xml && isCdataComment(current)) {
      text += plainText(current);
    } else if ('children' in current) {
      for (let i = current.children.length - 1; i >= 0; i--) stack.push(current.children[i]!);
    }
  }
  return text;
}

/** A processing instruction's target: htmlparser2 keeps `?name` as the directive's name. */
function piTarget(node: AnyNode): string {
  return node.type === 'directive' ? node.name.replace(/^\?/, '') : '';
}

function piData(node: AnyNode): string {
  if (node.type !== 'directive') return '';
  return node.data.replace(/^\?\S*\s*/, '').replace(/\?$/, '');
}

/** The namespace `prefix` ('' for the default) stands for at `element`, from the `xmlns` declarations in scope. */
export function lookupNamespace(element: Element, prefix: string): string | null {
  if (prefix === 'xml') return XML_NAMESPACE;
  const attribute = prefix === '' ? 'xmlns' : `xmlns:${prefix}`;
  for (let node: AnyNode | null = element; node && isTag(node); node = node.parent) {
    const value = node.attribs[attribute];
    if (value !== undefined) return value === '' ? null : value;
  }
  return null;
}
