/**
 * The Playwright download handler. Listed in `DOWNLOAD_HANDLERS` for http and
 * https, it renders the requests whose `meta.playwright` asks for it in
 * Chromium and hands every other request to the built-in HTTP handler, which
 * it builds and owns (as scrapy-playwright's handler extends Scrapy's): one
 * line of settings gives a mixed crawl, and a plain request costs one meta
 * lookup more. A rendered request goes through the same scheduler,
 * middlewares, retries, stats and pipelines as any other.
 */
import {
  DownloadMaxSizeError, Headers, HtmlResponse, HttpDownloadHandler, SettingsError,
  type CrawlerContext, type DownloadHandler, type Logger, type Request, type Response, type Spider,
} from '@arachne/core';
import { bufferEncoding } from '@arachne/core/internals';
import type { BrowserContext, BrowserContextOptions, Route } from 'playwright-core';
import { BrowserPool, type PageLease } from './browserPool.js';
import { renderError } from './errors.js';
import { launchOptions } from './launch.js';
import { browserProxy, proxyKey, type BrowserProxy } from './proxy.js';
import { render, type Rendered } from './render.js';
import { renderOptions, wantsBrowser, type RenderOptions } from './requestOptions.js';
import { PLAYWRIGHT_SETTINGS, RESOURCE_TYPES, type AbortRequestPredicate, type ResourceType, type WaitUntil } from './settings.js';

export class PlaywrightDownloadHandler implements DownloadHandler {
  static readonly settings = PLAYWRIGHT_SETTINGS;

  readonly #crawler: CrawlerContext;
  readonly #logger: Logger;
  readonly #http: HttpDownloadHandler;
  readonly #pool: BrowserPool;
  readonly #contexts: Readonly<Record<string, BrowserContextOptions>>;
  readonly #waitUntil: WaitUntil;
  readonly #timeoutMs: number;
  readonly #settleMs: number;
  readonly #maxSize: number;
  readonly #authEncoding: BufferEncoding;
  /** Pages handed to callbacks (`includePage`), by the request they rendered, until the engine is done with it. */
  readonly #held = new Map<Request, PageLease>();
  /** Pages being closed: the handler's close waits for them. */
  readonly #closing = new Set<Promise<void>>();
  #abortRequestFailed = false;

  constructor(crawler: CrawlerContext) {
    const { settings, stats } = crawler;
    this.#crawler = crawler;
    this.#logger = crawler.logger.child('playwright');
    const launch = launchOptions(settings);
    this.#contexts = contextTable(settings.get('PLAYWRIGHT_CONTEXTS'));
    const blocked = resourceTypes(settings.get('PLAYWRIGHT_BLOCK_RESOURCES'));
    const abortRequest = settings.get('PLAYWRIGHT_ABORT_REQUEST');
    this.#waitUntil = settings.get('PLAYWRIGHT_WAIT_UNTIL');
    this.#timeoutMs = settings.get('PLAYWRIGHT_NAVIGATION_TIMEOUT') * 1000;
    this.#settleMs = settings.get('PLAYWRIGHT_SETTLE_TIME') * 1000;
    this.#maxSize = crawler.spider.downloadMaxsize ?? settings.get('DOWNLOAD_MAXSIZE');
    this.#authEncoding = bufferEncoding(settings.get('HTTPPROXY_AUTH_ENCODING'));
    this.#http = new HttpDownloadHandler(crawler);
    this.#pool = new BrowserPool({
      launch,
      maxPages: settings.get('PLAYWRIGHT_MAX_PAGES'),
      maxContexts: settings.get('PLAYWRIGHT_MAX_CONTEXTS'),
      restartAfterPages: settings.get('PLAYWRIGHT_RESTART_AFTER_PAGES'),
      contextIdleMs: settings.get('PLAYWRIGHT_CONTEXT_IDLE_TIMEOUT') * 1000,
      stats,
      logger: this.#logger,
      setupContext: blocked.size > 0 || abortRequest ? (context) => this.#blockResources(context, blocked, abortRequest) : undefined,
    });
    // The page goes into meta once the downloader middlewares are done: a retry's copy of the request never carries it.
    crawler.signals.on('responseReceived', ({ request }) => {
      const lease = this.#held.get(request);
      if (lease && !lease.closed) request.meta.playwrightPage = lease.page;
    });
    crawler.signals.on('requestFinished', ({ request }) => this.#release(request));
  }

  download(request: Request, spider: Spider): Promise<Response> {
    if (!wantsBrowser(request.meta)) return this.#http.download(request, spider);
    return this.#render(request);
  }

  async close(): Promise<void> {
    for (const request of [...this.#held.keys()]) this.#release(request, 'when the crawl closed');
    await Promise.all(this.#closing);
    await this.#pool.close();
    this.#http.close();
  }

  async #render(request: Request): Promise<Response> {
    const { stats } = this.#crawler;
    const options = renderOptions(request.meta, this.#waitUntil);
    const proxy = browserProxy(request, this.#authEncoding);
    stats.incValue('playwright/request_count');
    const waitStarted = performance.now();
    let lease: PageLease;
    try {
      lease = await this.#pool.acquire({ key: `${options.context}\n${proxyKey(proxy)}`, options: this.#contextOptions(options.context, proxy, request) });
    } catch (error) {
      throw renderError(error, request, { crashed: false, deadline: null });
    }
    const renderStarted = performance.now();
    stats.incValue('playwright/wait_seconds', (renderStarted - waitStarted) / 1000);
    const deadline: number | undefined = request.meta.download_timeout;
    let timedOut = false;
    const timer = deadline && deadline > 0 ? setTimeout(() => {
      timedOut = true;
      this.#closeLater(lease);
    }, deadline * 1000) : undefined;
    let response: Response;
    try {
      const rendered = await render(lease.page, request, options, { timeoutMs: this.#timeoutMs, settleMs: this.#settleMs });
      if (timedOut) throw new Error('the page was closed');
      response = this.#response(request, rendered, options);
    } catch (error) {
      await lease.close();
      throw renderError(error, request, { crashed: lease.crashed, deadline: timedOut ? deadline! : null });
    } finally {
      clearTimeout(timer);
      stats.incValue('playwright/render_seconds', (performance.now() - renderStarted) / 1000);
    }
    if (options.includePage) this.#held.set(request, lease);
    else this.#closeLater(lease); // the callback need not wait for the page to close; its place frees once it has
    return response;
  }

  #response(request: Request, rendered: Rendered, options: RenderOptions): Response {
    const { stats } = this.#crawler;
    const body = Buffer.from(rendered.html, 'utf8');
    const maxSize: number = request.meta.download_maxsize ?? this.#maxSize;
    if (maxSize > 0 && body.length > maxSize) {
      throw new DownloadMaxSizeError(`Cancelling download of ${request.url}: rendered page size (${body.length}) larger than download max size (${maxSize})`, request.url);
    }
    stats.incValue('playwright/response_count');
    stats.incValue('playwright/response_bytes', body.length);
    stats.incValue('playwright/transfer_bytes', rendered.transferBytes);
    const { meta } = request;
    meta.download_latency = rendered.latency;
    if (rendered.redirectUrls.length > 0) {
      meta.redirect_urls = [...(meta.redirect_urls ?? []), ...rendered.redirectUrls];
      meta.redirect_reasons = [...(meta.redirect_reasons ?? []), ...rendered.redirectReasons];
    }
    if (options.screenshot) meta.playwrightScreenshot = rendered.screenshot;
    if (options.pdf) meta.playwrightPdf = rendered.pdf;
    const headers = new Headers(rendered.headers);
    // The body is the DOM serialized by the browser, whatever the document was sent as.
    headers.set('Content-Type', 'text/html; charset=utf-8');
    return new HtmlResponse({
      url: rendered.url,
      status: rendered.status,
      headers,
      body,
      request,
      flags: rendered.url === request.url ? [] : ['redirected'],
      encoding: 'utf-8',
    });
  }

  #contextOptions(name: string, proxy: BrowserProxy | null, request: Request): BrowserContextOptions {
    // As the HTTP handler, certificates are not verified (Scrapy does not either: crawlers meet many broken ones).
    const options: BrowserContextOptions = { ignoreHTTPSErrors: true, ...this.#contexts[name] };
    if (proxy) options.proxy = proxy;
    const userAgent = request.headers.get('user-agent');
    if (options.userAgent === undefined && userAgent) options.userAgent = userAgent;
    return options;
  }

  #closeLater(lease: PageLease): void {
    const closing = lease.close().finally(() => this.#closing.delete(closing));
    this.#closing.add(closing);
  }

  /** Close a page the engine is done with; one still open was left so by the spider: closed here, and reported. */
  #release(request: Request, when = 'after its callback'): void {
    const lease = this.#held.get(request);
    if (!lease) return;
    this.#held.delete(request);
    if (request.meta.playwrightPage === lease.page) delete request.meta.playwrightPage;
    if (lease.closed) return;
    this.#crawler.stats.incValue('playwright/page_leak_count');
    this.#logger.warning(`Closed the page of ${request} ${when}: with includePage, the callback or errback closes it (await response.meta.playwrightPage.close())`);
    this.#closeLater(lease);
  }

  async #blockResources(context: BrowserContext, blocked: ReadonlySet<string>, abortRequest: AbortRequestPredicate | null): Promise<void> {
    const { stats } = this.#crawler;
    await context.route('**/*', async (route: Route) => {
      const request = route.request();
      const type = request.resourceType();
      let abort = blocked.has(type);
      if (!abort && abortRequest) {
        try {
          abort = await abortRequest(request);
        } catch (error) {
          stats.incValue('playwright/abort_request_error_count');
          if (!this.#abortRequestFailed) this.#logger.error(`PLAYWRIGHT_ABORT_REQUEST failed on ${request.url()} (the request was let through; later failures are only counted)`, error);
          this.#abortRequestFailed = true;
        }
      }
      if (!abort) return route.fallback();
      stats.incValue('playwright/blocked_count');
      stats.incValue(`playwright/blocked_count/${type}`);
      return route.abort('blockedbyclient');
    });
  }
}

function resourceTypes(types: readonly string[]): ReadonlySet<ResourceType> {
  for (const type of types) {
    if (!(RESOURCE_TYPES as readonly string[]).includes(type)) throw new SettingsError(`PLAYWRIGHT_BLOCK_RESOURCES: unknown resource type ${JSON.stringify(type)}; the types are ${RESOURCE_TYPES.join(', ')}`);
  }
  return new Set(types as ResourceType[]);
}

function contextTable(table: Record<string, BrowserContextOptions>): Readonly<Record<string, BrowserContextOptions>> {
  for (const [name, options] of Object.entries(table)) {
    if (typeof options !== 'object' || options === null || Array.isArray(options)) {
      throw new SettingsError(`PLAYWRIGHT_CONTEXTS.${name} must be an object of context options (viewport, locale, userAgent, ...), got ${JSON.stringify(options)}`);
    }
  }
  return table;
}
