import { describe, expect, it } from 'vitest';
import { Sitemap } from './sitemap.js';

const NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';

describe('Sitemap', () => {
  it('reads a urlset: loc, lastmod, other fields, trimmed', () => {
    const sitemap = new Sitemap(`<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="${NS}">
  <url>
    <loc>
      https://example.com/a
    </loc>
    <lastmod>2024-01-01</lastmod>
    <changefreq>daily</changefreq>
  </url>
  <url><loc><![CDATA[https://example.com/b?x=1&y=2]]></loc></url>
  <url><loc>https://example.com/c?x=1&amp;y=2</loc><!-- comment --></url>
</urlset>`);
    expect(sitemap.type).toBe('urlset');
    expect([...sitemap]).toEqual([
      { loc: 'https://example.com/a', lastmod: '2024-01-01', fields: { loc: 'https://example.com/a', lastmod: '2024-01-01', changefreq: 'daily' } },
      { loc: 'https://example.com/b?x=1&y=2', fields: { loc: 'https://example.com/b?x=1&y=2' } },
      { loc: 'https://example.com/c?x=1&y=2', fields: { loc: 'https://example.com/c?x=1&y=2' } },
    ]);
  });

  it('reads a sitemap index, whatever the namespace prefix', () => {
    const sitemap = new Sitemap(`<s:sitemapindex xmlns:s="${NS}"><s:sitemap><s:loc>https://example.com/1.xml</s:loc></s:sitemap></s:sitemapindex>`);
    expect(sitemap.type).toBe('sitemapindex');
    expect([...sitemap].map((entry) => entry.loc)).toEqual(['https://example.com/1.xml']);
  });

  it('collects xhtml:link alternates, only when present', () => {
    const sitemap = new Sitemap(`<urlset xmlns="${NS}" xmlns:xhtml="http://www.w3.org/1999/xhtml">
  <url><loc>https://example.com/en</loc>
    <xhtml:link rel="alternate" hreflang="de" href="https://example.com/de"/>
    <xhtml:link rel="alternate" hreflang="fr" href="https://example.com/fr"/>
    <xhtml:link rel="alternate" hreflang="x"/>
  </url>
  <url><loc>https://example.com/solo</loc></url>
</urlset>`);
    const [first, second] = [...sitemap];
    expect(first?.alternate).toEqual(['https://example.com/de', 'https://example.com/fr']);
    expect(second).not.toHaveProperty('alternate');
  });

  it('skips entries without loc', () => {
    const sitemap = new Sitemap(`<urlset><url><lastmod>2024</lastmod></url><url><loc>https://example.com/</loc></url></urlset>`);
    expect([...sitemap].map((entry) => entry.loc)).toEqual(['https://example.com/']);
  });

  it('decodes a Buffer by its BOM or XML declaration', () => {
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`\n  <urlset><url><loc>https://example.com/é</loc></url></urlset>`)]);
    expect(new Sitemap(bom).type).toBe('urlset');
    expect([...new Sitemap(bom)][0]?.loc).toBe('https://example.com/é');
    const latin1 = Buffer.from(`<?xml version="1.0" encoding="ISO-8859-1"?><urlset><url><loc>https://example.com/\xe9</loc></url></urlset>`, 'latin1');
    expect([...new Sitemap(latin1)][0]?.loc).toBe('https://example.com/é');
  });

  it('reports the root of a body that is not a sitemap', () => {
    expect(new Sitemap('<html><body>hello</body></html>').type).toBe('html');
    expect(new Sitemap('not xml at all').type).toBe('');
    expect([...new Sitemap('')]).toEqual([]);
  });
});
