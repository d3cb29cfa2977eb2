/**
 * Rendering one request in a page: navigate with the request's method,
 * headers and body, wait, run the actions, and take the rendered DOM with
 * the status and headers of the main document that produced it (after
 * redirects, HTTP or client-side, which are recorded as the redirect
 * middleware records its own).
 */
import type { Request } from '@arachne/core';
import type { Page, Response as BrowserResponse, Route } from 'playwright-core';
import { named, runActions, waitFor } from './actions.js';
import type { RenderOptions } from './requestOptions.js';

/**
 * Request headers the browser sets itself: the proxy's credentials go to the context, encodings are the browser's
 * own, and Chromium takes cookies only from its store (they are put there: `addCookies`).
 */
const BROWSER_OWNED_HEADERS = new Set(['accept-encoding', 'proxy-authorization', 'content-length', 'host', 'connection', 'cookie']);
/** Response headers that no longer describe the rendered body. */
const STALE_RESPONSE_HEADERS = new Set(['content-encoding', 'content-length', 'transfer-encoding', 'content-type']);

export interface RenderLimits {
  /** Milliseconds for the navigation and each wait or action; 0 for none. */
  timeoutMs: number;
  settleMs: number;
}

export interface Rendered {
  url: string;
  status: number;
  headers: Array<[string, string]>;
  html: string;
  /** Bytes the final document and its resources took on the wire (as the page's Resource Timing reports them). */
  transferBytes: number;
  /** Seconds from the start of the navigation to the main document's headers. */
  latency: number;
  /** The URLs left on the way, and why (a status, or `client-side`). */
  redirectUrls: string[];
  redirectReasons: Array<number | string>;
  screenshot: Buffer | undefined;
  pdf: Buffer | undefined;
}

export async function render(page: Page, request: Request, options: RenderOptions, limits: RenderLimits): Promise<Rendered> {
  page.setDefaultTimeout(limits.timeoutMs);
  page.setDefaultNavigationTimeout(limits.timeoutMs);
  const started = performance.now();
  let latency: number | undefined;
  const documents: BrowserResponse[] = [];
  page.on('response', (response) => {
    if (response.frame() !== page.mainFrame() || !response.request().isNavigationRequest()) return;
    latency ??= (performance.now() - started) / 1000;
    documents.push(response);
  });
  // The first request of a fresh page is its navigation: it goes out as the crawl's request would.
  const cookies = cookiePairs(request);
  if (cookies.length > 0) await page.context().addCookies(cookies.map(([name, value]) => ({ name, value, url: request.url })));
  await page.route(() => true, (route) => navigate(route, request), { times: 1 });
  const first = await page.goto(request.url, { waitUntil: options.waitUntil });
  if (options.waitFor !== undefined) {
    try {
      await waitFor(page, options.waitFor);
    } catch (error) {
      throw named(error, `waitFor (${typeof options.waitFor === 'string' ? options.waitFor : 'a condition'})`);
    }
  }
  await runActions(page, options.actions, { settleMs: limits.settleMs, timeoutMs: limits.timeoutMs });
  const { html, transferBytes } = await snapshot(page, options);
  const screenshot = options.screenshot ? await page.screenshot(options.screenshot) : undefined;
  const pdf = options.pdf ? await page.pdf(options.pdf) : undefined;
  // Each redirect hop came as a response too; the documents are the ends of the chains.
  const loaded = documents.filter((document) => document.request().redirectedTo() === null);
  const main = loaded.at(-1) ?? first;
  const { redirectUrls, redirectReasons } = await redirects(loaded);
  return {
    url: page.url(),
    status: main?.status() ?? 200,
    headers: main ? (await main.headersArray()).filter(({ name }) => !STALE_RESPONSE_HEADERS.has(name.toLowerCase())).map(({ name, value }) => [name, value]) : [],
    html,
    transferBytes,
    latency: latency ?? (performance.now() - started) / 1000,
    redirectUrls,
    redirectReasons,
    screenshot,
    pdf,
  };
}

/** Send the navigation with the crawl request's method, body and headers, over the browser's own (cookies come from the context's store). */
function navigate(route: Route, request: Request): Promise<void> {
  const own = new Map<string, string>();
  for (const [name, value] of request.headers) {
    const lower = name.toLowerCase();
    if (BROWSER_OWNED_HEADERS.has(lower)) continue;
    const before = own.get(lower);
    own.set(lower, before === undefined ? value : `${before}, ${value}`);
  }
  // continue, not fallback: a fallback's changes are lost once a `times: 1` route is spent. The resource
  // filter of PLAYWRIGHT_BLOCK_RESOURCES / PLAYWRIGHT_ABORT_REQUEST thus never sees the navigation: the crawl chose it.
  return route.continue({
    headers: Object.assign(route.request().headers(), Object.fromEntries(own)),
    method: request.method,
    ...(request.body !== null ? { postData: request.body } : {}),
  });
}

/** The cookies the request carries (set by the cookies middleware, or by hand): they go into the context's store for its URL. */
function cookiePairs(request: Request): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const header of request.headers.getAll('cookie')) {
    for (const part of header.split(';')) {
      const eq = part.indexOf('=');
      const name = (eq === -1 ? '' : part.slice(0, eq)).trim();
      if (name) pairs.push([name, part.slice(eq + 1).trim()]);
    }
  }
  return pairs;
}

/** Read in the page (as source: it runs there, not here): the DOM as HTML, and the bytes its document and resources took on the wire. */
const SNAPSHOT = `(() => {
  const doctype = document.doctype ? new XMLSerializer().serializeToString(document.doctype) : '';
  let transferBytes = 0;
  for (const entry of [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]) transferBytes += entry.transferSize || 0;
  return { html: doctype + (document.documentElement ? document.documentElement.outerHTML : ''), transferBytes };
})()`;

/**
 * The rendered document. A page that navigates again on its own (a
 * client-side redirect) while it is read is read again once the new
 * document has loaded.
 */
async function snapshot(page: Page, options: RenderOptions): Promise<{ html: string; transferBytes: number }> {
  const state = options.waitUntil === 'commit' ? 'domcontentloaded' : options.waitUntil;
  for (let attempt = 1; ; attempt++) {
    try {
      await page.waitForLoadState(state);
      return await page.evaluate<{ html: string; transferBytes: number }>(SNAPSHOT);
    } catch (error) {
      if (attempt >= 5 || !isNavigationError(error)) throw error;
    }
  }
}

function isNavigationError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : '';
  return /Execution context was destroyed|navigating and changing the content|Cannot find context with specified id/i.test(message);
}

async function redirects(documents: BrowserResponse[]): Promise<{ redirectUrls: string[]; redirectReasons: Array<number | string> }> {
  const redirectUrls: string[] = [];
  const redirectReasons: Array<number | string> = [];
  for (const [index, document] of documents.entries()) {
    const hops: Array<ReturnType<BrowserResponse['request']>> = [];
    for (let hop = document.request().redirectedFrom(); hop; hop = hop.redirectedFrom()) hops.unshift(hop);
    for (const hop of hops) {
      redirectUrls.push(hop.url());
      redirectReasons.push((await hop.response())?.status() ?? 'redirect');
    }
    if (index < documents.length - 1) {
      redirectUrls.push(document.url());
      redirectReasons.push('client-side');
    }
  }
  return { redirectUrls, redirectReasons };
}
