/**
 * A local copy of a script-rendered quotes site, served on 127.0.0.1 (a free
 * port), so the example needs no network:
 * - `/page/N/` holds no quote in its HTML: its script fetches `/api/quotes?page=N`,
 *   writes the quotes and a "Next" link;
 * - `/author/NAME` is a plain HTML page (no script needed).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const AUTHORS = ['Ada Lovelace', 'Alan Turing', 'Grace Hopper', 'Edsger Dijkstra', 'Barbara Liskov'];
const QUOTES_PER_PAGE = 5;
export const PAGES = 4;
export const QUOTE_COUNT = QUOTES_PER_PAGE * PAGES;

interface Quote {
  text: string;
  author: string;
  tags: string[];
}

function quote(n: number): Quote {
  return { text: `Quote number ${n}, rendered by a script.`, author: AUTHORS[n % AUTHORS.length]!, tags: [`tag${n % 3}`, n % 2 ? 'odd' : 'even'] };
}

const slug = (author: string) => author.toLowerCase().replace(/\s+/g, '-');

const PAGE = (n: number) => `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Quotes to scrape, page ${n}</title></head>
<body>
  <h1>Quotes</h1>
  <div id="quotes"></div>
  <nav><ul class="pager"></ul></nav>
  <script>
    fetch('/api/quotes?page=${n}').then((response) => response.json()).then(({ quotes, next }) => {
      const list = document.getElementById('quotes');
      for (const q of quotes) {
        const div = document.createElement('div');
        div.className = 'quote';
        div.innerHTML = '<span class="text"></span> <small class="author"></small> <a class="about"></a> <div class="tags"></div>';
        div.querySelector('.text').textContent = q.text;
        div.querySelector('.author').textContent = q.author;
        div.querySelector('.about').href = '/author/' + q.slug;
        div.querySelector('.about').textContent = '(about)';
        for (const tag of q.tags) div.querySelector('.tags').insertAdjacentHTML('beforeend', '<a class="tag">' + tag + '</a> ');
        list.appendChild(div);
      }
      if (next) document.querySelector('.pager').innerHTML = '<li class="next"><a href="/page/' + next + '/">Next</a></li>';
    });
  </script>
</body></html>`;

const AUTHOR = (name: string) => `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${name}</title></head>
<body><h3 class="author-title">${name}</h3><p class="author-born">Born long ago.</p></body></html>`;

export interface DemoSite {
  url: string;
  close(): Promise<void>;
}

export async function startDemoSite(): Promise<DemoSite> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://demo');
    const page = /^\/(?:page\/(\d+)\/)?$/.exec(url.pathname);
    const author = /^\/author\/([a-z-]+)$/.exec(url.pathname);
    const send = (status: number, type: string, body: string) => res.writeHead(status, { 'Content-Type': type }).end(body);
    if (page && Number(page[1] ?? 1) <= PAGES) return send(200, 'text/html; charset=utf-8', PAGE(Number(page[1] ?? 1)));
    if (url.pathname === '/api/quotes') {
      const n = Number(url.searchParams.get('page') ?? 1);
      const quotes = Array.from({ length: QUOTES_PER_PAGE }, (_, i) => quote((n - 1) * QUOTES_PER_PAGE + i + 1)).map((q) => ({ ...q, slug: slug(q.author) }));
      return send(200, 'application/json', JSON.stringify({ quotes, next: n < PAGES ? n + 1 : null }));
    }
    const known = author && AUTHORS.find((name) => slug(name) === author[1]);
    if (known) return send(200, 'text/html; charset=utf-8', AUTHOR(known));
    send(404, 'text/html', '<h1>Not found</h1>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
