/** The page and context pool: its bounds as the browser itself sees them, contexts that keep their cookies apart and across closes and restarts, and pages a callback forgets. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSite, type TestSite } from '@arachne/testsite';
import { Request, Spider, type TextResponse } from '@arachne/core';
import type { Page } from '../src/index.js';
import { crawl } from './support/crawl.js';

let site: TestSite;
beforeAll(async () => {
  site = await startTestSite();
});
afterAll(() => site.close());

describe('the pool', () => {
  it('never holds more pages or contexts open than allowed, and closes a page its callback forgot, reporting it', async () => {
    const origin = site.url;
    const seen = { pages: 0, contexts: 0 };
    class Bounded extends Spider {
      name = 'bounded';
      override async *start() {
        for (let n = 0; n < 9; n++) {
          yield new Request(`${origin}/js/list?page=${(n % 5) + 1}&n=${n}`, {
            meta: { playwright: { waitFor: 'li.product', includePage: true }, playwrightContext: `ctx${n % 3}`, forget: n % 4 === 0 },
          });
        }
      }
      override async *parse(response: TextResponse) {
        const page: Page = response.meta.playwrightPage;
        // What the browser itself has open while this callback holds its page.
        const browser = page.context().browser()!;
        seen.pages = Math.max(seen.pages, browser.contexts().reduce((sum, context) => sum + context.pages().length, 0));
        seen.contexts = Math.max(seen.contexts, browser.contexts().length);
        yield { title: await page.title(), products: response.css('li.product').length };
        if (!response.meta.forget) await page.close();
      }
    }
    const { items, stat, log } = await crawl(Bounded, { PLAYWRIGHT_MAX_PAGES: 2, PLAYWRIGHT_MAX_CONTEXTS: 2 });
    expect(items).toHaveLength(9);
    expect(items.every((item) => item.products === 10 && /^Products, page \d \| Arachne Books$/.test(item.title))).toBe(true);
    expect(seen.pages).toBeGreaterThan(0);
    expect(seen.pages).toBeLessThanOrEqual(2);
    expect(seen.contexts).toBeLessThanOrEqual(2);
    expect(stat('playwright/page_count/max_concurrent')).toBeLessThanOrEqual(2);
    expect(stat('playwright/context_count/max_concurrent')).toBeLessThanOrEqual(2);
    // Three contexts in turn through two places: some were closed for another and opened again.
    expect(stat('playwright/context_count')).toBeGreaterThan(3);
    // Requests 0, 4 and 8 kept their page open: each was closed after its callback, and reported.
    expect(stat('playwright/page_leak_count')).toBe(3);
    expect(log.match(/WARNING: Closed the page of <GET [^>]+n=(0|4|8)> after its callback/g)).toHaveLength(3);
    expect(stat('playwright/page_count/closed')).toBe(9);
  }, 120_000);

  it("keeps contexts' cookies apart, and gives a context its cookies back after it was closed for another and after a browser restart", async () => {
    const origin = site.url;
    // [context, path]: each step runs after the one before (the callback yields the next).
    const steps: Array<[string, string]> = [
      ['alice', '/js/cookie?set=alice'],
      ['bob', '/js/cookie?set=bob'],
      ['alice', '/js/cookie'],
      ['carol', '/js/cookie'], // a third context: one of the two open ones is closed for it
      ['bob', '/js/cookie'], // the browser was restarted after 4 pages: this runs on a new one
      ['alice', '/js/cookie'],
    ];
    class Sessions extends Spider {
      name = 'sessions';
      override async *start() {
        yield this.step(0);
      }
      step(index: number) {
        const [context, path] = steps[index]!;
        return new Request(`${origin}${path}`, { meta: { playwright: true, playwrightContext: context, step: index }, dontFilter: true });
      }
      override async *parse(response: TextResponse) {
        const { step } = response.meta;
        yield { step, context: steps[step]![0], cookie: response.css('#cookie::text').get() ?? '' };
        if (step + 1 < steps.length) yield this.step(step + 1);
      }
    }
    const { items, stat } = await crawl(Sessions, { PLAYWRIGHT_MAX_CONTEXTS: 2, PLAYWRIGHT_RESTART_AFTER_PAGES: 4 });
    expect(items.map(({ context, cookie }) => [context, cookie])).toEqual([
      ['alice', 'visitor=alice'],
      ['bob', 'visitor=bob'],
      ['alice', 'visitor=alice'],
      ['carol', ''],
      ['bob', 'visitor=bob'],
      ['alice', 'visitor=alice'],
    ]);
    expect(stat('playwright/browser_count')).toBe(2);
    expect(stat('playwright/restart_count')).toBeGreaterThanOrEqual(1);
    expect(stat('playwright/context_count/max_concurrent')).toBeLessThanOrEqual(2);
  }, 120_000);
});
