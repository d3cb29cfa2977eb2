/**
 * Waits and page actions, run in order after the navigation and before the
 * response is taken. Repeated clicks and scrolling to the end wait for the
 * page to settle between steps: no request of the page in flight for
 * `settleMs` (bounded by the step timeout, after which it goes on).
 */
import type { Page, Request as BrowserRequest } from 'playwright-core';
import type { PageAction, WaitCondition } from './requestOptions.js';

/** Clicks a `repeat: true` click makes at most, and scrolls a `scrollToEnd: true` makes at most. */
const MAX_REPEATED_CLICKS = 100;
const MAX_SCROLLS = 50;

/**
 * How long a scroll waits for the page to grow before it counts as the end. Chromium renders some of several
 * headless pages at one frame a second, and content that waits for a frame (an IntersectionObserver) comes
 * that late; lifting the limit (--disable-frame-rate-limit) instead made animated pages burn every core.
 */
const GROWTH_WAIT_MS = 2000;

/**
 * Page-side source (it runs there). The scroll event is also sent at once: the browser sends its own at the
 * page's next frame, which may be a second away.
 */
const SCROLL_TO_END = `(() => {
  const height = document.documentElement.scrollHeight;
  window.scrollTo(0, height);
  window.dispatchEvent(new Event('scroll'));
  return height;
})()`;

export interface ActionContext {
  settleMs: number;
  /** Milliseconds for each step; 0 for none. */
  timeoutMs: number;
}

/** Prefix an error's message with the step that failed (its name, TimeoutError or another, is kept). */
export function named(error: unknown, step: string): unknown {
  if (error instanceof Error) error.message = `${step}: ${error.message}`;
  return error;
}

function describeAction(action: PageAction): string {
  if (typeof action === 'function') return 'a function';
  const [kind, value] = Object.entries(action)[0]!;
  return typeof value === 'string' ? `${kind} ${value}` : kind;
}

export async function waitFor(page: Page, condition: WaitCondition): Promise<void> {
  if (typeof condition === 'string') await page.waitForSelector(condition);
  else if (typeof condition === 'function') await page.waitForFunction(condition);
  else if ('selector' in condition) await page.waitForSelector(condition.selector, condition.state ? { state: condition.state } : {});
  else await page.waitForFunction(condition.function, condition.arg);
}

export async function runActions(page: Page, actions: readonly PageAction[], context: ActionContext): Promise<void> {
  // Watched from before the first step, so a request a click starts is seen.
  const network = actions.some((action) => typeof action === 'object' && (('click' in action && action.repeat) || 'scrollToEnd' in action)) ? new NetworkWatch(page) : undefined;
  try {
    for (const [index, action] of actions.entries()) {
      try {
        await runAction(page, action, context, network);
      } catch (error) {
        throw named(error, `actions[${index}] (${describeAction(action)})`);
      }
    }
  } finally {
    network?.stop();
  }
}

async function runAction(page: Page, action: PageAction, context: ActionContext, network: NetworkWatch | undefined): Promise<void> {
  const settle = () => network!.settle(context.settleMs, context.timeoutMs);
  if (typeof action === 'function') {
    await action(page);
  } else if ('click' in action) {
    if (!action.repeat) {
      await page.click(action.click);
      return;
    }
    const limit = action.repeat === true ? MAX_REPEATED_CLICKS : action.repeat;
    const target = page.locator(action.click).first();
    for (let clicks = 0; clicks < limit; clicks++) {
      await settle();
      if (!(await target.isVisible()) || !(await target.isEnabled())) break;
      await target.click();
    }
    await settle();
  } else if ('fill' in action) {
    await page.fill(action.fill, action.value);
  } else if ('press' in action) {
    await page.press(action.press, action.key);
  } else if ('select' in action) {
    await page.selectOption(action.select, action.value);
  } else if ('scrollToEnd' in action) {
    const limit = action.scrollToEnd === true ? MAX_SCROLLS : action.scrollToEnd;
    for (let scrolls = 0; scrolls < limit; scrolls++) {
      const before = await page.evaluate<number>(SCROLL_TO_END);
      const growth = { polling: 50, timeout: Math.max(GROWTH_WAIT_MS, context.settleMs) };
      const grew = await page.waitForFunction(`document.documentElement.scrollHeight > ${before}`, undefined, growth).then(() => true, (error: unknown) => {
        if (error instanceof Error && error.name === 'TimeoutError') return false;
        throw error;
      });
      if (!grew) break;
      await settle();
    }
  } else if ('evaluate' in action) {
    await page.evaluate(action.evaluate as (arg: unknown) => unknown, action.arg);
  } else if ('waitFor' in action) {
    await waitFor(page, action.waitFor);
  } else if ('waitForLoadState' in action) {
    await page.waitForLoadState(action.waitForLoadState);
  } else if ('wait' in action) {
    await page.waitForTimeout(action.wait * 1000);
  }
}

/** The requests a page has in flight, and when it last started or finished one. */
class NetworkWatch {
  readonly #inFlight = new Set<BrowserRequest>();
  #lastActivity = performance.now();
  #wake: (() => void) | null = null;

  constructor(private readonly page: Page) {
    page.on('request', this.#started);
    page.on('requestfinished', this.#ended);
    page.on('requestfailed', this.#ended);
    page.on('close', this.#pageClosed);
  }

  readonly #pageClosed = (): void => this.#wake?.();

  readonly #started = (request: BrowserRequest): void => {
    this.#inFlight.add(request);
    this.#touch();
  };

  readonly #ended = (request: BrowserRequest): void => {
    this.#inFlight.delete(request);
    this.#touch();
  };

  #touch(): void {
    this.#lastActivity = performance.now();
    this.#wake?.();
  }

  /** Resolves once nothing was in flight for `quietMs` since now at the earliest, or after `timeoutMs` (0: no bound). */
  async settle(quietMs: number, timeoutMs: number): Promise<void> {
    const start = performance.now();
    this.#lastActivity = Math.max(this.#lastActivity, start);
    for (;;) {
      if (this.page.isClosed()) throw new Error('the page was closed while waiting for it to settle');
      const now = performance.now();
      const quietFor = now - this.#lastActivity;
      if (this.#inFlight.size === 0 && quietFor >= quietMs) return;
      const left = timeoutMs > 0 ? start + timeoutMs - now : Infinity;
      if (left <= 0) return;
      const pause = Math.min(left, this.#inFlight.size > 0 ? quietMs : quietMs - quietFor);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, Math.max(pause, 1));
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.#wake = done;
      });
      this.#wake = null;
    }
  }

  stop(): void {
    this.page.off('request', this.#started);
    this.page.off('requestfinished', this.#ended);
    this.page.off('requestfailed', this.#ended);
    this.page.off('close', this.#pageClosed);
  }
}
