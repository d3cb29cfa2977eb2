/**
 * Pages whose content exists only after their scripts run (for browser
 * rendering): a list filled by fetch(), a "load more" button, infinite scroll,
 * a client-side redirect, a page that never settles, a cookie set by script,
 * and a page of images. Their HTML as served holds no product at all; the
 * products come from the JSON endpoint /js/api/products.
 */
import { PAGE_COUNT, PRODUCT_COUNT, productsOnPage } from '../catalogue.js';
import { escapeHtml, page } from '../html.js';
import { intParam, badRequest, send, sendHtml, sendJson, type Ctx, type Route } from '../http.js';

/** The markup every list page renders for a product, client-side. */
const RENDER_PRODUCTS = `
function renderProducts(list, products) {
  for (const p of products) {
    const li = document.createElement('li');
    li.className = 'product';
    li.innerHTML = '<a href="' + p.path + '">' + p.title + '</a> <span class="price">' + p.price + '</span>';
    list.appendChild(li);
  }
}
async function fetchProducts(page) {
  const response = await fetch('/js/api/products?page=' + page);
  return response.json();
}`;

function scriptedPage(title: string, body: string, script: string, head = ''): string {
  return page({ title, head: `<meta charset="utf-8">${head}`, body: `${body}\n    <script>${RENDER_PRODUCTS}\n${script}\n    </script>` });
}

/** /js/list?page=N: an empty list that a fetch() fills, with a "next" link added by the script too. */
function list(ctx: Ctx): void {
  const n = intParam(ctx.url, 'page', 1, 1, PAGE_COUNT);
  if (n === null) return badRequest(ctx.res, `page must be 1..${PAGE_COUNT}`);
  sendHtml(ctx.res, scriptedPage(`Products, page ${n}`, '    <h1>Products</h1>\n    <ul id="products"></ul>\n    <p id="pager"></p>', `
fetchProducts(${n}).then((data) => {
  renderProducts(document.getElementById('products'), data.products);
  if (data.next) document.getElementById('pager').innerHTML = '<a class="next" href="/js/list?page=' + data.next + '">next</a>';
  document.body.dataset.ready = 'true';
});`));
}

/** /js/load-more: the first page of products, and a button that loads the next; it is disabled while loading and removed after the last page. */
function loadMore(ctx: Ctx): void {
  sendHtml(ctx.res, scriptedPage('Load more', '    <h1>All products</h1>\n    <ul id="products"></ul>\n    <button class="load-more" type="button">Load more</button>', `
const button = document.querySelector('button.load-more');
let next = 1;
async function load() {
  button.disabled = true;
  const data = await fetchProducts(next);
  renderProducts(document.getElementById('products'), data.products);
  next = data.next;
  if (next) button.disabled = false;
  else button.remove();
}
button.addEventListener('click', load);
load();`));
}

/** /js/infinite: products appear as the reader scrolls near the bottom, one page at a time, then "The end". */
function infinite(ctx: Ctx): void {
  sendHtml(ctx.res, scriptedPage('Infinite scroll', '    <h1>Keep scrolling</h1>\n    <ul id="products"></ul>', `
let next = 1;
let loading = false;
async function load() {
  if (loading || !next) return;
  loading = true;
  const data = await fetchProducts(next);
  renderProducts(document.getElementById('products'), data.products);
  next = data.next;
  loading = false;
  if (!next) document.body.insertAdjacentHTML('beforeend', '<p class="end">The end</p>');
}
window.addEventListener('scroll', () => {
  if (window.innerHeight + window.scrollY >= document.body.scrollHeight - 200) load();
});
load();`, '\n  <style>li.product { height: 150px; }</style>'));
}

/** /js/redirect?to=/path[&after=ms]: sends the browser on to `to` from a script (at once, or after `after` ms). */
function redirect(ctx: Ctx): void {
  const to = ctx.url.searchParams.get('to') ?? '/js/list';
  if (!to.startsWith('/')) return badRequest(ctx.res, 'to must be a path');
  const after = intParam(ctx.url, 'after', 0, 0, 10_000);
  if (after === null) return badRequest(ctx.res, 'after must be 0..10000');
  const go = `location.replace(${JSON.stringify(to)});`;
  sendHtml(ctx.res, scriptedPage('Redirecting', `    <p>Redirecting to ${escapeHtml(to)}.</p>`, after > 0 ? `setTimeout(() => { ${go} }, ${after});` : go));
}

/**
 * /js/never-settles: renders at once, then waits on a request the server never answers (/js/api/hang) and
 * polls the server every 100 ms, for ever: the network is never idle.
 */
function neverSettles(ctx: Ctx): void {
  sendHtml(ctx.res, scriptedPage('Never settles', '    <h1 id="title"></h1>\n    <p id="polls">0</p>', `
document.getElementById('title').textContent = 'Rendered, still polling';
fetch('/js/api/hang');
let polls = 0;
setInterval(() => fetch('/js/api/poll').then(() => { document.getElementById('polls').textContent = String(++polls); }), 100);`));
}

/** /js/cookie[?set=value]: sets `visitor=value` from a script when asked, and shows the cookies the script sees. */
function cookie(ctx: Ctx): void {
  const set = ctx.url.searchParams.get('set');
  sendHtml(ctx.res, scriptedPage('Cookie', '    <p id="cookie"></p>', `
${set === null ? '' : `document.cookie = ${JSON.stringify(`visitor=${encodeURIComponent(set)}; path=/`)};`}
document.getElementById('cookie').textContent = document.cookie;`));
}

/** /js/images?count=N: N images (each /js/pixel.png?i) and a caption written by a script. */
function images(ctx: Ctx): void {
  const count = intParam(ctx.url, 'count', 3, 0, 100);
  if (count === null) return badRequest(ctx.res, 'count must be 0..100');
  const imgs = Array.from({ length: count }, (_, i) => `    <img src="/js/pixel.png?${i}" alt="">`).join('\n');
  sendHtml(ctx.res, scriptedPage('Images', `${imgs}\n    <p id="caption"></p>`, `document.getElementById('caption').textContent = 'Images: ${count}';`));
}

/** A 1×1 transparent PNG. */
const PIXEL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

/** /js/api/products?page=N: `{ products, next }`, ten products a page; `next` is null after the last page. */
function apiProducts(ctx: Ctx): void {
  const n = intParam(ctx.url, 'page', 1, 1, PAGE_COUNT);
  if (n === null) return badRequest(ctx.res, `page must be 1..${PAGE_COUNT}`);
  sendJson(ctx.res, { products: productsOnPage(n), total: PRODUCT_COUNT, next: n < PAGE_COUNT ? n + 1 : null });
}

export const scriptedRoutes: Route[] = [
  [/^\/js\/list$/, list],
  [/^\/js\/load-more$/, loadMore],
  [/^\/js\/infinite$/, infinite],
  [/^\/js\/redirect$/, redirect],
  [/^\/js\/never-settles$/, neverSettles],
  [/^\/js\/cookie$/, cookie],
  [/^\/js\/images$/, images],
  [/^\/js\/pixel\.png$/, ({ res }) => send(res, 200, PIXEL, 'image/png')],
  [/^\/js\/api\/products$/, apiProducts],
  [/^\/js\/api\/poll$/, ({ res }) => sendJson(res, { ok: true })],
  // Never answered: the connection stays open until the client gives up or the site closes.
  [/^\/js\/api\/hang$/, () => undefined],
];
