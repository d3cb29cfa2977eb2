/**
 * A demo shop account served on 127.0.0.1 (a free port), so the example needs
 * no network. Its login works as real ones do: GET /login sets a CSRF cookie
 * and puts the same token in a hidden field; POST /login checks both and the
 * credentials, sets a session cookie and redirects to /account; the account,
 * order and invoice pages answer only with that cookie (else a redirect to
 * /login).
 */
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';

export const DEMO_USER = 'ana';
export const DEMO_PASSWORD = 'correct horse';

export interface DemoOrder {
  id: number;
  date: string;
  lines: Array<{ title: string; quantity: number; price: number }>;
}

export const DEMO_ORDERS: readonly DemoOrder[] = [
  { id: 1001, date: '2024-01-12', lines: [{ title: 'Dune', quantity: 1, price: 9.99 }, { title: 'Emma', quantity: 2, price: 5.49 }] },
  { id: 1002, date: '2024-02-03', lines: [{ title: 'Beloved', quantity: 1, price: 7.5 }] },
  { id: 1003, date: '2024-03-21', lines: [{ title: 'Ulysses', quantity: 1, price: 12.0 }, { title: 'Middlemarch', quantity: 1, price: 8.25 }] },
  // Shown on the site without a date: the spider's schema drops it.
  { id: 1004, date: '', lines: [{ title: 'Gift card', quantity: 1, price: 20 }] },
];

export interface DemoSite {
  url: string;
  close(): Promise<void>;
}

const page = (title: string, body: string) =>
  `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${title} | Demo shop</title></head>\n<body>\n<nav><form action="/search"><input name="q"><button>Search</button></form></nav>\n${body}\n</body></html>\n`;

function cookies(req: http.IncomingMessage): Map<string, string> {
  const jar = new Map<string, string>();
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) jar.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return jar;
}

async function body(req: http.IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

export async function startDemoSite(): Promise<DemoSite> {
  const sessions = new Set<string>();
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://demo');
    const html = (status: number, title: string, content: string, headers: http.OutgoingHttpHeaders = {}) =>
      res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', ...headers }).end(page(title, content));
    const redirect = (location: string, headers: http.OutgoingHttpHeaders = {}) => res.writeHead(303, { Location: location, ...headers }).end();

    if (url.pathname === '/login') {
      if (req.method === 'POST') {
        const form = await body(req);
        if (!form.get('csrf_token') || form.get('csrf_token') !== cookies(req).get('csrftoken')) return html(403, 'Forbidden', '<p class="error">CSRF check failed.</p>');
        if (form.get('username') !== DEMO_USER || form.get('password') !== DEMO_PASSWORD) return html(401, 'Sign in', '<p class="error">Wrong user name or password.</p>');
        const session = randomBytes(12).toString('hex');
        sessions.add(session);
        return redirect(url.searchParams.get('next') ?? '/account', { 'Set-Cookie': `session=${session}; Path=/; HttpOnly` });
      }
      const token = randomBytes(12).toString('hex');
      return html(200, 'Sign in', `<h1>Sign in</h1>
<form id="login" method="post" action="/login?next=${encodeURIComponent(url.searchParams.get('next') ?? '/account')}">
  <input type="hidden" name="csrf_token" value="${token}">
  <label>User <input name="username"></label>
  <label>Password <input type="password" name="password"></label>
  <label><input type="checkbox" name="remember" value="yes" checked> Keep me signed in</label>
  <button type="submit" name="action" value="sign-in">Sign in</button>
</form>`, { 'Set-Cookie': `csrftoken=${token}; Path=/; HttpOnly` });
    }

    if (!url.pathname.startsWith('/account')) return html(404, 'Not found', '<h1>Not found</h1>');
    if (!sessions.has(cookies(req).get('session') ?? '')) return redirect(`/login?next=${encodeURIComponent(url.pathname)}`);
    if (url.pathname === '/account') {
      const rows = DEMO_ORDERS.map((order) => `  <li class="order"><a href="/account/orders/${order.id}">Order #${order.id}</a></li>`).join('\n');
      return html(200, 'Your orders', `<h1>Your orders</h1>\n<ul class="orders">\n${rows}\n</ul>`);
    }
    const order = DEMO_ORDERS.find((candidate) => url.pathname === `/account/orders/${candidate.id}`);
    if (order) {
      const lines = order.lines.map((line) => `  <tr class="line"><td class="title">${line.title}</td><td class="quantity">${line.quantity}</td><td class="price">£${line.price.toFixed(2)}</td></tr>`).join('\n');
      return html(200, `Order #${order.id}`, `<h1>Order #<span class="id">${order.id}</span></h1>
<p>Placed on <time>${order.date}</time></p>
<table class="lines">\n${lines}\n</table>
<p><a class="invoice" href="/account/invoices/${order.id}.pdf">Invoice (PDF)</a></p>`);
    }
    const invoice = /^\/account\/invoices\/(\d+)\.pdf$/.exec(url.pathname);
    if (invoice) return res.writeHead(200, { 'Content-Type': 'application/pdf' }).end(`%PDF-1.4\n% Invoice ${invoice[1]} for ${DEMO_USER}\n%%EOF\n`);
    return html(404, 'Not found', '<h1>Not found</h1>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
