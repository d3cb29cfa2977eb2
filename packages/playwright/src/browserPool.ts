/**
 * The browser, its contexts and pages, bounded:
 * - at most `maxPages` pages open at once, over all contexts and browsers
 *   (a request beyond waits its turn);
 * - at most `maxContexts` contexts open at once: a context whose last page
 *   closed stays open `contextIdleMs`, and is closed sooner when another
 *   context needs its place. A closed context's cookies and storage are kept
 *   and given to it again when it reopens, so closing one loses nothing;
 * - a browser that has opened `restartAfterPages` pages takes no more: a
 *   fresh one is launched for the next page, and the old one closes once its
 *   pages are done;
 * - a browser that disconnects unasked (a crash, a kill) fails only the
 *   pages it held; the next page launches a new one. Its contexts' state is
 *   lost with it.
 */
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type LaunchOptions, type Page } from 'playwright-core';
import type { Logger, StatsCollector } from '@arachne/core';
import { Slots } from './slots.js';

type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;

export interface BrowserPoolOptions {
  launch: LaunchOptions;
  maxPages: number;
  maxContexts: number;
  restartAfterPages: number;
  contextIdleMs: number;
  stats: StatsCollector;
  logger: Logger;
  /** Prepares each new context (routes, ...) before its first page opens. */
  setupContext?: (context: BrowserContext) => Promise<void>;
}

/** Which context a page opens in: its name and what makes it distinct (the proxy), and the options it is created with. */
export interface ContextRequest {
  key: string;
  options: BrowserContextOptions;
}

class BrowserInstance {
  readonly contexts = new Map<string, ContextEntry>();
  /** Pages opened on this browser so far. */
  opened = 0;
  /** Pages on it not yet closed (or being opened). */
  open = 0;
  /** Contexts removed from `contexts` whose closing is not finished. */
  closingContexts = 0;
  retiring = false;
  crashed = false;
  closing: Promise<void> | null = null;

  constructor(readonly browser: Browser) {}
}

interface ContextEntry {
  readonly key: string;
  readonly instance: BrowserInstance;
  readonly context: Promise<BrowserContext>;
  pages: number;
  lastUsed: number;
  idleTimer: NodeJS.Timeout | null;
  failed: boolean;
  closing: boolean;
}

/** A page lent by the pool. Closing it (or the page closing by itself) gives its place back, once. */
export class PageLease {
  #released = false;

  constructor(
    readonly page: Page,
    readonly instance: BrowserInstance,
    private readonly onRelease: () => void,
  ) {
    page.once('close', () => this.#release());
  }

  /** True when the browser holding the page crashed or was killed. */
  get crashed(): boolean {
    return this.instance.crashed;
  }

  get closed(): boolean {
    return this.#released;
  }

  async close(): Promise<void> {
    if (this.#released) return;
    try {
      await this.page.close({ runBeforeUnload: false });
    } catch {
      // The browser is gone already: nothing is left to close.
    }
    this.#release();
  }

  #release(): void {
    if (this.#released) return;
    this.#released = true;
    this.onRelease();
  }
}

/** The browser died while a page was being opened on it (not the request's fault: it goes to the next browser). */
class BrowserLost extends Error {
  constructor(cause: unknown) {
    super('the browser disconnected while a page was being opened', { cause });
  }
}

export class BrowserPool {
  readonly #options: BrowserPoolOptions;
  readonly #pages: Slots;
  /** Contexts open or being opened, over all browsers. */
  #liveContexts = 0;
  readonly #contextWaiters: Array<() => void> = [];
  /** The state of each closed context, given back when it reopens. */
  readonly #saved = new Map<string, StorageState>();
  /** Contexts being closed, by key: reopening one waits for its state to be saved. */
  readonly #closingKeys = new Map<string, Promise<void>>();
  readonly #instances = new Set<BrowserInstance>();
  #current: BrowserInstance | null = null;
  #launching: Promise<BrowserInstance> | null = null;
  #closed = false;

  constructor(options: BrowserPoolOptions) {
    this.#options = options;
    this.#pages = new Slots(options.maxPages);
  }

  /**
   * A new page in the context asked for, once a page may open (and its browser and context are up). A browser
   * that dies while the page is being opened is replaced, and the page opened on the new one.
   */
  async acquire(contextRequest: ContextRequest): Promise<PageLease> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#acquire(contextRequest);
      } catch (error) {
        if (!(error instanceof BrowserLost) || attempt >= 3) throw error instanceof BrowserLost ? error.cause : error;
      }
    }
  }

  async #acquire(contextRequest: ContextRequest): Promise<PageLease> {
    const { stats } = this.#options;
    await this.#pages.acquire();
    let instance: BrowserInstance | undefined;
    let entry: ContextEntry | undefined;
    try {
      instance = await this.#browser();
      instance.open++;
      if (++instance.opened >= this.#options.restartAfterPages && this.#options.restartAfterPages > 0) this.#retire(instance);
      entry = await this.#context(instance, contextRequest);
      const page = await (await entry.context).newPage();
      stats.incValue('playwright/page_count');
      stats.maxValue('playwright/page_count/max_concurrent', this.#pages.used);
      const [owner, context] = [instance, entry];
      return new PageLease(page, owner, () => {
        stats.incValue('playwright/page_count/closed');
        this.#pageClosed(owner, context);
      });
    } catch (error) {
      if (instance) this.#pageClosed(instance, entry);
      else this.#pages.release();
      throw instance && (instance.crashed || !instance.browser.isConnected()) ? new BrowserLost(error) : error;
    }
  }

  /** Close every context and browser (pages still open are closed with them). */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#launching) await this.#launching.catch(() => undefined);
    await Promise.all([...this.#instances].map((instance) => {
      for (const entry of instance.contexts.values()) if (entry.idleTimer) clearTimeout(entry.idleTimer);
      instance.closing ??= instance.browser.close().catch(() => undefined);
      return instance.closing;
    }));
    this.#instances.clear();
  }

  async #browser(): Promise<BrowserInstance> {
    const current = this.#current;
    if (current && !current.retiring && !current.crashed) return current;
    this.#launching ??= this.#launch().finally(() => {
      this.#launching = null;
    });
    return this.#launching;
  }

  async #launch(): Promise<BrowserInstance> {
    if (this.#closed) throw new Error('the crawl is closing: no browser is launched any more');
    const browser = await chromium.launch(this.#options.launch);
    const instance = new BrowserInstance(browser);
    browser.on('disconnected', () => this.#disconnected(instance));
    this.#instances.add(instance);
    this.#current = instance;
    const launches = (this.#options.stats.getValue('playwright/browser_count') ?? 0) + 1;
    this.#options.stats.setValue('playwright/browser_count', launches);
    this.#options.logger.log(launches === 1 ? 'INFO' : 'DEBUG', `Launched Chromium ${browser.version()} (${this.#options.launch.executablePath})`);
    if (this.#closed) {
      // close() ran while Chromium was starting, and did not see it.
      instance.closing = browser.close().catch(() => undefined);
      throw new Error('the crawl is closing: no browser is launched any more');
    }
    return instance;
  }

  /** Take no more pages on this browser; it closes once its pages are done. */
  #retire(instance: BrowserInstance): void {
    if (instance.retiring) return;
    instance.retiring = true;
    if (this.#current === instance) this.#current = null;
    this.#options.stats.incValue('playwright/restart_count');
    this.#options.logger.debug(`Restarting the browser after ${instance.opened} pages`);
    for (const entry of [...instance.contexts.values()]) if (entry.pages === 0) void this.#closeContext(entry);
  }

  async #context(instance: BrowserInstance, request: ContextRequest): Promise<ContextEntry> {
    const reuse = () => {
      const entry = instance.contexts.get(request.key);
      if (!entry || entry.failed || entry.closing) return undefined;
      if (entry.idleTimer) clearTimeout(entry.idleTimer);
      entry.idleTimer = null;
      entry.pages++;
      entry.lastUsed = performance.now();
      return entry;
    };
    const existing = reuse();
    if (existing) return existing;
    await this.#takeContextSlot();
    const raced = reuse(); // opened by another page while this one waited
    if (raced) {
      this.#giveContextSlot();
      return raced;
    }
    await this.#closingKeys.get(request.key);
    const entry: ContextEntry = {
      key: request.key,
      instance,
      context: this.#newContext(instance, request),
      pages: 1,
      lastUsed: performance.now(),
      idleTimer: null,
      failed: false,
      closing: false,
    };
    entry.context.catch(() => {
      entry.failed = true;
    });
    instance.contexts.set(request.key, entry);
    return entry;
  }

  async #newContext(instance: BrowserInstance, request: ContextRequest): Promise<BrowserContext> {
    const saved = this.#saved.get(request.key);
    const context = await instance.browser.newContext(saved ? { ...request.options, storageState: saved } : request.options);
    await this.#options.setupContext?.(context);
    this.#options.stats.incValue('playwright/context_count');
    this.#options.stats.maxValue('playwright/context_count/max_concurrent', this.#liveContexts);
    return context;
  }

  async #takeContextSlot(): Promise<void> {
    while (this.#liveContexts >= this.#options.maxContexts) {
      const idle = this.#leastRecentlyUsedIdle();
      if (idle) void this.#closeContext(idle);
      await new Promise<void>((resolve) => this.#contextWaiters.push(resolve));
    }
    this.#liveContexts++;
  }

  #giveContextSlot(): void {
    this.#liveContexts--;
    this.#contextWaiters.shift()?.();
  }

  #leastRecentlyUsedIdle(): ContextEntry | undefined {
    let oldest: ContextEntry | undefined;
    for (const instance of this.#instances) {
      for (const entry of instance.contexts.values()) {
        if (entry.pages === 0 && !entry.closing && (!oldest || entry.lastUsed < oldest.lastUsed)) oldest = entry;
      }
    }
    return oldest;
  }

  #pageClosed(instance: BrowserInstance, entry: ContextEntry | undefined): void {
    instance.open--;
    this.#pages.release();
    if (entry && --entry.pages === 0 && !entry.closing) {
      if (entry.failed || instance.retiring || instance.crashed || this.#contextWaiters.length > 0) void this.#closeContext(entry);
      else if (this.#options.contextIdleMs > 0) entry.idleTimer = setTimeout(() => void this.#closeContext(entry), this.#options.contextIdleMs).unref();
    }
    this.#closeIfDrained(instance);
  }

  /** Close a context, keeping its cookies and storage for when it reopens (unless its browser crashed). */
  async #closeContext(entry: ContextEntry): Promise<void> {
    if (entry.closing) return;
    entry.closing = true;
    if (entry.idleTimer) clearTimeout(entry.idleTimer);
    const { instance } = entry;
    if (instance.contexts.get(entry.key) === entry) instance.contexts.delete(entry.key);
    instance.closingContexts++;
    const closed = (async () => {
      try {
        const context = await entry.context;
        if (!instance.crashed) this.#saved.set(entry.key, await context.storageState());
        await context.close();
      } catch {
        // The context never opened, or its browser is gone: its state goes with it.
      }
    })();
    this.#closingKeys.set(entry.key, closed);
    await closed;
    if (this.#closingKeys.get(entry.key) === closed) this.#closingKeys.delete(entry.key);
    instance.closingContexts--;
    if (!instance.crashed) this.#giveContextSlot(); // a crash gave every slot of its browser back already
    this.#closeIfDrained(instance);
  }

  #closeIfDrained(instance: BrowserInstance): void {
    if (!instance.retiring || instance.crashed || instance.closing) return;
    if (instance.open > 0 || instance.contexts.size > 0 || instance.closingContexts > 0) return;
    instance.closing = instance.browser.close().catch(() => undefined);
    this.#instances.delete(instance);
  }

  #disconnected(instance: BrowserInstance): void {
    this.#instances.delete(instance);
    if (instance.closing || this.#closed) return;
    instance.crashed = true;
    if (this.#current === instance) this.#current = null;
    const { stats, logger } = this.#options;
    stats.incValue('playwright/crash_count');
    logger.error(`The browser disconnected (crashed or killed) with ${instance.open} page(s) open: their requests fail and are retried; the next page launches a new browser`);
    for (const entry of instance.contexts.values()) {
      if (entry.idleTimer) clearTimeout(entry.idleTimer);
      entry.closing = true;
      this.#giveContextSlot();
    }
    instance.contexts.clear();
    // Contexts that were closing when it died give their slots back here, as their own closing will not.
    for (let i = 0; i < instance.closingContexts; i++) this.#giveContextSlot();
  }
}
