/**
 * A login flow as real sites have it: GET /login sets a CSRF cookie and puts
 * the same token in a hidden field; POST /login checks both and the
 * credentials (LOGIN_USER / LOGIN_PASSWORD), then sets a session cookie and
 * redirects (303) to `next`; /account and /account/orders/N answer only with that
 * cookie (else a 302 to /login?next=...); POST /logout ends the session.
 * Tokens are numbered per site, so runs are deterministic.
 */
import type { IncomingMessage } from 'node:http';
import { escapeHtml, page } from '../html.js';
import { readBody, sendHtml, type Ctx, type Route } from '../http.js';

export const LOGIN_USER = 'ana';
export const LOGIN_PASSWORD = 's3cret!';
export const ACCOUNT_ORDERS = ['Order #1001: Dune', 'Order #1002: Emma', 'Order #1003: Beloved'] as const;

function cookiesOf(req: IncomingMessage): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) cookies.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return cookies;
}

/** The user a request's session cookie belongs to, if any. */
function sessionUser({ req, site }: Ctx): string | undefined {
  const session = cookiesOf(req).get('session');
  return session === undefined ? undefined : site.sessions.get(session);
}

function loginPage(ctx: Ctx, message: string | null, status = 200): void {
  const { res, url, site } = ctx;
  const token = `csrf-${++site.tokenCount}`;
  const next = url.searchParams.get('next') ?? '/account';
  const body = `    <h1>Sign in</h1>
${message ? `    <p class="error">${escapeHtml(message)}</p>\n` : ''}    <form id="search" action="/search" method="get"><input name="q"><button>Search</button></form>
    <form id="login" action="/login?next=${encodeURIComponent(next)}" method="post">
      <input type="hidden" name="csrf_token" value="${token}">
      <label>User <input type="text" name="username" autocomplete="username"></label>
      <label>Password <input type="password" name="password"></label>
      <label><input type="checkbox" name="remember" value="1"> Remember me</label>
      <button type="submit" name="action" value="login">Sign in</button>
      <button type="submit" name="action" value="reset">Forgot password</button>
    </form>`;
  sendHtml(res, page({ title: 'Sign in', body }), status, { 'Set-Cookie': `csrftoken=${token}; Path=/; HttpOnly` });
}

async function login(ctx: Ctx): Promise<void> {
  const { req, res, url, site } = ctx;
  if (req.method !== 'POST') return loginPage(ctx, null);
  const form = new URLSearchParams((await readBody(req)).toString('utf8'));
  const csrf = cookiesOf(req).get('csrftoken');
  if (csrf === undefined || form.get('csrf_token') !== csrf) return loginPage(ctx, 'Your session expired (CSRF token missing or wrong). Please try again.', 403);
  if (form.get('username') !== LOGIN_USER || form.get('password') !== LOGIN_PASSWORD) return loginPage(ctx, 'Wrong user name or password.', 401);
  const session = `session-${++site.tokenCount}`;
  site.sessions.set(session, LOGIN_USER);
  const next = url.searchParams.get('next') ?? '/account';
  res.writeHead(303, { Location: next.startsWith('/') ? next : '/account', 'Set-Cookie': `session=${session}; Path=/; HttpOnly`, 'Content-Length': 0 });
  res.end();
}

/** /account and /account/orders/N: the signed-in user's pages. */
function account(ctx: Ctx): void {
  const { res, url } = ctx;
  const user = sessionUser(ctx);
  if (user === undefined) {
    res.writeHead(302, { Location: `/login?next=${encodeURIComponent(url.pathname)}`, 'Content-Length': 0 });
    res.end();
    return;
  }
  const order = /^\/account\/orders\/(\d+)$/.exec(url.pathname)?.[1];
  if (order !== undefined) {
    const title = ACCOUNT_ORDERS[Number(order) - 1001];
    if (title === undefined) return sendHtml(res, page({ title: 'No such order', body: '    <h1>No such order</h1>' }), 404);
    return sendHtml(res, page({ title, body: `    <h1 class="order">${escapeHtml(title)}</h1>\n    <p>Ordered by ${escapeHtml(user)}.</p>` }));
  }
  const orders = ACCOUNT_ORDERS.map((order, i) => `      <li class="order"><a href="/account/orders/${1001 + i}">${escapeHtml(order)}</a></li>`).join('\n');
  const body = `    <h1 class="welcome">Welcome, ${escapeHtml(user)}</h1>
    <ul class="orders">
${orders}
    </ul>
    <form id="logout" action="/logout" method="post"><button>Sign out</button></form>`;
  sendHtml(res, page({ title: 'Your account', body }));
}

function logout(ctx: Ctx): void {
  const { req, res, site } = ctx;
  const session = cookiesOf(req).get('session');
  if (session !== undefined) site.sessions.delete(session);
  res.writeHead(303, { Location: '/login', 'Set-Cookie': 'session=; Path=/; Max-Age=0', 'Content-Length': 0 });
  res.end();
}

export const accountRoutes: Route[] = [
  [/^\/login$/, login],
  [/^\/logout$/, logout],
  [/^\/account(?:\/.*)?$/, account],
];
