/**
 * An element of an XML document written out as lxml writes it (parsel's
 * `get()`): the namespace declarations in scope are repeated on it, so the
 * fragment stands alone; CDATA sections come out as escaped text, since lxml's
 * parser strips CDATA; empty elements close themselves; declarations precede
 * the other attributes.
 */
import { isCDATA, isComment, isTag, isText, type AnyNode, type Element } from 'domhandler';
import { lookupNamespace } from './xpath/index.js';

export function serializeXml(node: AnyNode): string {
  return isTag(node) ? writeElement(node, declarationsInScope(node)) : writeNode(node);
}

function writeNode(node: AnyNode): string {
  if (isTag(node)) return writeElement(node, ownDeclarations(node));
  if (isText(node)) return escapeText(node.data);
  if (isCDATA(node)) return node.children.map(writeNode).join('');
  if (isComment(node)) return `<!--${node.data}-->`;
  if (node.type === 'directive') return `<${node.data}>`;
  return 'children' in node ? node.children.map(writeNode).join('') : '';
}

function writeElement(element: Element, declarations: Map<string, string>): string {
  let out = `<${element.name}`;
  for (const [name, value] of declarations) out += ` ${name}="${escapeAttribute(value)}"`;
  for (const name in element.attribs) {
    if (!isDeclaration(name)) out += ` ${name}="${escapeAttribute(element.attribs[name]!)}"`;
  }
  if (element.children.length === 0) return `${out}/>`;
  return `${out}>${element.children.map(writeNode).join('')}</${element.name}>`;
}

function isDeclaration(name: string): boolean {
  return name === 'xmlns' || name.startsWith('xmlns:');
}

function ownDeclarations(element: Element): Map<string, string> {
  const declarations = new Map<string, string>();
  for (const name in element.attribs) if (isDeclaration(name)) declarations.set(name, element.attribs[name]!);
  return declarations;
}

/**
 * The element's own declarations, then those of the namespaces its name and
 * attributes use, then every other one in scope from the nearest ancestor out
 * (lxml's order).
 */
function declarationsInScope(element: Element): Map<string, string> {
  const declarations = ownDeclarations(element);
  const add = (prefix: string): void => {
    const name = prefix === '' ? 'xmlns' : `xmlns:${prefix}`;
    if (declarations.has(name)) return;
    const uri = lookupNamespace(element, prefix);
    if (uri !== null) declarations.set(name, uri);
  };
  add(prefixOf(element.name));
  for (const name in element.attribs) {
    const prefix = prefixOf(name);
    if (prefix !== '' && prefix !== 'xml' && prefix !== 'xmlns') add(prefix);
  }
  for (let ancestor = element.parent; ancestor && isTag(ancestor); ancestor = ancestor.parent) {
    for (const name in ancestor.attribs) {
      if (isDeclaration(name) && !declarations.has(name)) declarations.set(name, ancestor.attribs[name]!);
    }
  }
  for (const [name, uri] of declarations) if (uri === '' && name !== 'xmlns') declarations.delete(name);
  return declarations;
}

function prefixOf(name: string): string {
  const colon = name.indexOf(':');
  return colon === -1 ? '' : name.slice(0, colon);
}

function escapeText(text: string): string {
  return text.replace(/[&<>\r]/g, (char) => TEXT_ESCAPES[char]!);
}

function escapeAttribute(value: string): string {
  return value.replace(/[&<>"\n\r\t]/g, (char) => ATTRIBUTE_ESCAPES[char]!);
}

const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };
const ATTRIBUTE_ESCAPES: Record<string, string> = { ...TEXT_ESCAPES, '"': '&quot;', '\n': '&#10;', '\t': '&#9;' };
