/**
 * The benchmark site: `pages` deterministic pages of ~12 KB of HTML, each with ~20 links to other
 * pages and two fields to extract (`h1.title`, `span.price`). Page 0 is `/`, page i is `/page/i`.
 */

export const DEFAULT_PAGES = 20_000;
/** Links to other pages of the site on every page (the next page plus pseudo-random ones). */
export const LINKS_PER_PAGE = 20;

/** mulberry32: a tiny seeded PRNG, so the site is identical on every run. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const WORDS = ('the of and a to in is it that was for on are with as his they be at one have this from or had by ' +
  'word but what some we can out other were all there when up use your how said an each she which do their time if ' +
  'will way about many then them write would like so these her long make thing see him two has look more day could go ' +
  'come did number sound no most people my over know water than call first who may down side been now find garden ' +
  'river market letter harbour engine winter lantern orchard silver meadow archive signal copper canvas thread').split(' ');

/** A shared pool of paragraphs; pages pick from it, which keeps start-up rendering fast. */
const PARAGRAPHS = (() => {
  const random = prng(42);
  return Array.from({ length: 64 }, () => {
    const sentences = Array.from({ length: 6 + Math.floor(random() * 4) }, () => {
      const words = Array.from({ length: 10 + Math.floor(random() * 10) }, () => WORDS[Math.floor(random() * WORDS.length)]!);
      const sentence = words.join(' ');
      return `${sentence[0]!.toUpperCase()}${sentence.slice(1)}.`;
    });
    return sentences.join(' ');
  });
})();

export function pagePath(i: number): string {
  return i === 0 ? '/' : `/page/${i}`;
}

/** The pages page `i` links to: i+1 first (so every page is reachable from `/`), then pseudo-random ones. */
export function pageLinks(i: number, pages: number): number[] {
  const random = prng(i * 2654435761);
  const links = i + 1 < pages ? [i + 1] : [];
  while (links.length < LINKS_PER_PAGE) links.push(Math.floor(random() * pages));
  return links;
}

/** The fields a bench spider extracts from page `i`. */
export function pageItem(i: number): { title: string; price: string } {
  const cents = 100 + (Math.imul(i + 1, 2246822519) >>> 0) % 99_900;
  return { title: `Page ${i}`, price: `$${(cents / 100).toFixed(2)}` };
}

function anchor(target: number): string {
  return `<a href="${pagePath(target)}" class="internal">Page ${target}</a>`;
}

/** What page `i` shows inside `<main>`: the item, its text and specs, related links and the next page. */
export function mainContent(i: number, pages: number): string {
  const random = prng(i);
  const { title, price } = pageItem(i);
  const [next, ...others] = pageLinks(i, pages).map(anchor);
  const inline = others.slice(0, 6);
  const related = others.slice(6);
  const paragraphs = Array.from({ length: 16 }, (_, k) => {
    const text = PARAGRAPHS[Math.floor(random() * PARAGRAPHS.length)]!;
    const link = inline[k];
    return `      <p>${text}${link ? ` See also ${link}.` : ''}</p>`;
  });
  const specs = Array.from({ length: 6 }, (_, k) =>
    `        <tr><th scope="row">Attribute ${k + 1}</th><td>${WORDS[Math.floor(random() * WORDS.length)]} ${Math.floor(random() * 1000)}</td></tr>`);
  return `
    <article class="item" data-id="${i}">
      <h1 class="title">${title}</h1>
      <div class="item-meta">
        <span class="price">${price}</span>
        <span class="sku">SKU-${String(i).padStart(6, '0')}</span>
      </div>
      <section class="description">
${paragraphs.join('\n')}
      </section>
      <table class="specs">
        <caption>Specifications</caption>
${specs.join('\n')}
      </table>
    </article>
    <aside class="related">
      <h2>Related pages</h2>
      <ul>
${related.map((link) => `        <li class="related-item">${link}</li>`).join('\n')}
      </ul>
    </aside>
    ${next ? `<nav class="pagination"><span class="next">${next}</span></nav>` : ''}
  `;
}

function document(i: number, pages: number, main: string, script = ''): string {
  const { title } = pageItem(i);
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="description" content="${title} of the Arachne benchmark site.">
  <title>${title} | Arachne bench</title>
</head>
<body class="page page-${i}">
  <header class="site-header">
    <a class="brand" href="/">Arachne bench</a>
    <nav class="breadcrumb" aria-label="Breadcrumb"><a href="/">Home</a> / <span>${title}</span></nav>
  </header>
  <main id="content" class="container">${main}</main>
  <footer class="site-footer">
    <p>Generated page ${i + 1} of ${pages}. Content is deterministic pseudo-random text.</p>
  </footer>${script}
</body>
</html>
`;
}

export function renderPage(i: number, pages: number): string {
  return document(i, pages, mainContent(i, pages));
}

/** Where a script-rendered page fetches its content from. */
export function dataPath(i: number): string {
  return `/data/${i}`;
}

/** Page `i` as a shell whose script fetches its content (`dataPath(i)`, `mainContent`) and fills `<main>`: nothing to extract without a browser. */
export function renderShell(i: number, pages: number): string {
  return document(i, pages, '', `
  <script>
    fetch(${JSON.stringify(dataPath(i))}).then((response) => response.text()).then((html) => {
      document.getElementById('content').innerHTML = html;
    });
  </script>`);
}
