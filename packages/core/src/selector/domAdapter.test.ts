import { describe, expect, it } from 'vitest';
import { DomUtils, parseDocument } from 'htmlparser2';
import type { Element } from 'domhandler';
import { findAll } from './domAdapter.js';

const markup = `<!doctype html><html><head><title>t</title><script>var a = "<a>";</script><style>a{}</style></head>
<body><!-- <a href="no"> --><div id="d1"><p>one <a href="1">1</a><span><a href="2">2</a></span></p>
<ul><li><a href="3">3</a><ul><li><a href="4"><b>4</b></a></li></ul></li></ul></div>
<table><tr><td><a href="5">5</td></tr></table><a href="6"><a href="7">nested, unclosed
</body></html>`;

describe('findAll', () => {
  it('finds the same elements as domutils, in the same (document) order', () => {
    const document = parseDocument(markup);
    const tests: Array<(element: Element) => boolean> = [() => true, (e) => e.name === 'a', (e) => e.name === 'li', (e) => 'href' in e.attribs, () => false];
    for (const test of tests) {
      const ours = findAll(test, document.children);
      expect(ours).toEqual(DomUtils.findAll(test, document.children));
    }
    expect(findAll((e) => e.name === 'a', document.children).map((e) => e.attribs.href)).toEqual(['1', '2', '3', '4', '5', '6', '7']);
  });

  it('handles an empty list and a DOM nested deeper than the call stack would allow recursively', () => {
    expect(findAll(() => true, [])).toEqual([]);
    const deep = parseDocument('<div>'.repeat(20_000) + '<i></i>');
    expect(findAll((e) => e.name === 'i', deep.children)).toHaveLength(1);
  });
});
