/**
 * Reads a sitemap (`<urlset>`) or a sitemap index (`<sitemapindex>`), as
 * Scrapy's `Sitemap` does: element names are compared by local name, so any
 * namespace or prefix (`<sm:urlset>`, `<xhtml:link>`) is accepted, and
 * malformed markup is repaired rather than rejected.
 */
import { DomUtils, parseDocument } from 'htmlparser2';
import { isTag, type Element } from 'domhandler';
import { decodeBody, detectEncoding } from '../http/encoding.js';

export interface SitemapEntry {
  loc: string;
  lastmod?: string;
  /** `href`s of the entry's `<xhtml:link>` elements (alternate-language versions); absent when there are none. */
  alternate?: string[];
  /** The trimmed text of every child element but `<link>`, by local name: loc, lastmod, changefreq, priority... */
  fields: Record<string, string>;
}

export class Sitemap implements Iterable<SitemapEntry> {
  /** The root element's local name: `urlset`, `sitemapindex`, or anything else for a body that is not a sitemap ('' if it has no element). */
  readonly type: string;
  readonly #root: Element | undefined;

  /** A Buffer is decoded by its BOM or XML declaration (UTF-8 by default). */
  constructor(body: Buffer | string) {
    const text = typeof body === 'string' ? body.replace(/^\uFEFF/, '') : decodeBody(body, detectEncoding(body));
    const document = parseDocument(text, { xmlMode: true });
    this.#root = document.children.find(isTag);
    this.type = this.#root ? localName(this.#root) : '';
  }

  /** Entries in document order; children without a `<loc>` are skipped. */
  *[Symbol.iterator](): Iterator<SitemapEntry> {
    for (const child of this.#root?.children.filter(isTag) ?? []) {
      const fields: Record<string, string> = {};
      const alternate: string[] = [];
      for (const element of child.children.filter(isTag)) {
        const name = localName(element);
        if (name !== 'link') fields[name] = DomUtils.textContent(element).trim();
        else if (element.attribs.href !== undefined) alternate.push(element.attribs.href);
      }
      const { loc, lastmod } = fields;
      if (loc === undefined) continue;
      yield {
        loc,
        ...(lastmod === undefined ? {} : { lastmod }),
        ...(alternate.length > 0 ? { alternate } : {}),
        fields,
      };
    }
  }
}

function localName(element: Element): string {
  return element.name.slice(element.name.lastIndexOf(':') + 1);
}
