/** The crawlable part of the site: home, paginated catalogue, product pages. */
import { PAGE_COUNT, PRODUCT_COUNT, product, productsOnPage, type Product } from '../catalogue.js';
import { escapeHtml, page } from '../html.js';
import { sendHtml, type Ctx, type Route } from '../http.js';
import { notFound } from './notFound.js';

function home({ res }: Ctx): void {
  sendHtml(res, page({
    title: 'Home',
    body: `    <h1>Welcome to Arachne Books</h1>
    <p class="lead">A small shop of ${PRODUCT_COUNT} imaginary books, spread over ${PAGE_COUNT} catalogue pages.</p>
    <p><a class="cta" href="/catalogue/page/1">Browse the catalogue</a></p>`,
  }));
}

function productCard(p: Product): string {
  return `      <li>
        <article class="product">
          <p class="star-rating ${p.rating}">Rated ${p.rating} out of Five</p>
          <h3><a href="${p.path}" title="${escapeHtml(p.title)}">${escapeHtml(p.title)}</a></h3>
          <div class="product-price">
            <p class="price">${p.price}</p>
            <p class="availability">In stock</p>
          </div>
        </article>
      </li>`;
}

function pager(n: number): string {
  const previous = n > 1 ? `\n      <li class="previous"><a href="/catalogue/page/${n - 1}">previous</a></li>` : '';
  const next = n < PAGE_COUNT ? `\n      <li class="next"><a href="/catalogue/page/${n + 1}">next</a></li>` : '';
  return `    <ul class="pager">${previous}
      <li class="current">Page ${n} of ${PAGE_COUNT}</li>${next}
    </ul>`;
}

function cataloguePage(ctx: Ctx): void {
  const n = Number(ctx.params[0]);
  if (n < 1 || n > PAGE_COUNT) return notFound(ctx);
  const products = productsOnPage(n);
  sendHtml(ctx.res, page({
    title: `Catalogue, page ${n}`,
    body: `    <ul class="breadcrumb"><li><a href="/">Home</a></li><li class="active">Catalogue</li></ul>
    <h1>Catalogue</h1>
    <p class="results">Showing ${products[0]!.id}–${products.at(-1)!.id} of ${PRODUCT_COUNT} books</p>
    <ol class="products">
${products.map(productCard).join('\n')}
    </ol>
${pager(n)}`,
  }));
}

/**
 * A product page. Its "related" links deliberately cover the URL shapes a link extractor must
 * handle: relative, absolute, fragment, query order that canonicalizes away, and links to skip.
 */
function productPage(ctx: Ctx): void {
  const id = Number(ctx.params[0]);
  if (id < 1 || id > PRODUCT_COUNT) return notFound(ctx);
  const p = product(id);
  const next = product((id % PRODUCT_COUNT) + 1);
  const previous = product(id === 1 ? PRODUCT_COUNT : id - 1);
  sendHtml(ctx.res, page({
    title: p.title,
    body: `    <ul class="breadcrumb">
      <li><a href="/">Home</a></li>
      <li><a href="/catalogue/page/${p.page}">Catalogue</a></li>
      <li class="active">${escapeHtml(p.title)}</li>
    </ul>
    <article class="product-page">
      <h1>${escapeHtml(p.title)}</h1>
      <p class="price">${p.price}</p>
      <p class="availability">In stock (${p.stock} available)</p>
      <p class="star-rating ${p.rating}">Rated ${p.rating} out of Five</p>
      <div id="description" class="description">
        <p>${escapeHtml(p.description)}</p>
      </div>
      <table class="product-info">
        <tr><th>UPC</th><td>${p.upc}</td></tr>
        <tr><th>Price</th><td>${p.price}</td></tr>
        <tr><th>Availability</th><td>${p.stock}</td></tr>
      </table>
    </article>
    <section class="related">
      <h2>You may also like</h2>
      <ul>
        <li><a href="../product/${next.id}">${escapeHtml(next.title)}</a></li>
        <li><a href="${ctx.site.origin}${previous.path}">${escapeHtml(previous.title)}</a></li>
        <li><a href="/product/3?b=2&amp;a=1">Title 3 (staff pick)</a></li>
        <li><a href="/product/3?a=1&amp;b=2">Title 3 (bestseller)</a></li>
      </ul>
    </section>
    <section id="reviews" class="reviews">
      <h2><a href="${p.path}#reviews">Reviews</a></h2>
      <p>No reviews yet.</p>
    </section>
    <p class="actions">
      <a href="mailto:shop@example.com?subject=${encodeURIComponent(p.title)}">Ask about this book</a>
      <a href="javascript:window.print()">Print this page</a>
      <a href="http://[bad">Broken link</a>
    </p>`,
  }));
}

export const catalogueRoutes: Route[] = [
  [/^\/$/, home],
  [/^\/catalogue\/page\/(\d+)$/, cataloguePage],
  [/^\/product\/(\d+)$/, productPage],
];
