/**
 * What a request asks of the browser, read from its meta:
 * `meta.playwright` (`true`, or the options below) and `meta.playwrightContext`
 * (the context's name). Anything else is refused with the accepted form named,
 * scrapy-playwright's `playwright_*` keys included.
 */
import { closestName } from '@arachne/core/internals';
import type { Page, PageScreenshotOptions } from 'playwright-core';
import { WAIT_UNTIL, type WaitUntil } from './settings.js';

type PDFOptions = Parameters<Page['pdf']>[0];

/** A function run in the page (serialized: it cannot see the spider's variables), or the source of one as a string. */
export type PageFunction = string | ((arg: any) => unknown);

/** What to wait for: a CSS selector to appear, a page function to return something truthy, or either with options. */
export type WaitCondition =
  | string
  | ((arg: any) => unknown)
  | { selector: string; state?: 'attached' | 'detached' | 'visible' | 'hidden' }
  | { function: PageFunction; arg?: unknown };

/** One step run on the page after it loaded, in order, before the response is taken. */
export type PageAction =
  /** Click the first element matching; `repeat` clicks again, after the page settles, while it is still there and enabled (`true`: up to 100 clicks, a number: up to that many). */
  | { click: string; repeat?: boolean | number }
  /** Type `value` into the field matching the selector. */
  | { fill: string; value: string }
  /** Press a key (`Enter`, `PageDown`, ...) in the element matching the selector. */
  | { press: string; key: string }
  /** Choose options of the `<select>` matching the selector. */
  | { select: string; value: string | string[] }
  /** Scroll to the bottom until the page stops growing (lazy content, infinite scroll); a number bounds the scrolls (default 50). */
  | { scrollToEnd: true | number }
  /** Run a page function; its result is dropped. */
  | { evaluate: PageFunction; arg?: unknown }
  /** Wait for a condition, as the `waitFor` option. */
  | { waitFor: WaitCondition }
  /** Wait for a load state of the current document. */
  | { waitForLoadState: 'load' | 'domcontentloaded' | 'networkidle' }
  /** Wait this many seconds (prefer a condition: a fixed wait is either too long or too short). */
  | { wait: number }
  /** Anything else, with the live page (not serializable: such a request cannot go to a disk or Redis queue). */
  | ((page: Page) => unknown);

/** `meta.playwright` as an object. */
export interface PlaywrightRequestOptions {
  /** When the navigation counts as done (default `PLAYWRIGHT_WAIT_UNTIL`). */
  waitUntil?: WaitUntil;
  /** A condition to wait for after the navigation, before the actions. */
  waitFor?: WaitCondition;
  actions?: PageAction[];
  /** A screenshot (PNG unless the options say otherwise), attached as `response.meta.playwrightScreenshot`. */
  screenshot?: boolean | PageScreenshotOptions;
  /** A PDF of the page, attached as `response.meta.playwrightPdf`. */
  pdf?: boolean | PDFOptions;
  /** Hand the live page to the callback as `response.meta.playwrightPage`; it is closed when the callback is done. */
  includePage?: boolean;
}

/** The request's browser options, checked and with defaults applied. */
export interface RenderOptions {
  waitUntil: WaitUntil;
  waitFor: WaitCondition | undefined;
  actions: PageAction[];
  screenshot: PageScreenshotOptions | undefined;
  pdf: PDFOptions | undefined;
  includePage: boolean;
  context: string;
}

const OPTION_KEYS = ['waitUntil', 'waitFor', 'actions', 'screenshot', 'pdf', 'includePage'] as const;

/** Each action's own key and the other keys it may have. */
const ACTIONS: Record<string, readonly string[]> = {
  click: ['repeat'],
  fill: ['value'],
  press: ['key'],
  select: ['value'],
  scrollToEnd: [],
  evaluate: ['arg'],
  waitFor: [],
  waitForLoadState: [],
  wait: [],
};

/** scrapy-playwright's meta keys, and what to write instead. */
const SCRAPY_KEYS: Record<string, string> = {
  playwright_include_page: 'meta.playwright = { includePage: true }',
  playwright_page_methods: 'meta.playwright = { actions: [...] } (e.g. { click: "button.more" }, { waitFor: ".item" }, { evaluate: "..." })',
  playwright_page_goto_kwargs: 'meta.playwright = { waitUntil: "networkidle" }',
  playwright_context: 'meta.playwrightContext = "name"',
  playwright_context_kwargs: 'the PLAYWRIGHT_CONTEXTS setting ({ name: { ...context options } })',
  playwright_page: 'nothing: a page is handed to one callback (includePage) and closed when it is done',
  playwright_page_init_callback: 'an action function, (page) => ...',
  playwright_page_event_handlers: 'an action function that adds the handlers, (page) => page.on(...)',
  playwright_security_details: 'nothing (not supported)',
};

/** True when the request asks for the browser. */
export function wantsBrowser(meta: Record<string, any>): boolean {
  return meta.playwright !== undefined && meta.playwright !== false;
}

/** Read and check a browser request's options; throws a TypeError naming what is wrong and the accepted form. */
export function renderOptions(meta: Record<string, any>, defaultWaitUntil: WaitUntil): RenderOptions {
  for (const key of Object.keys(meta)) {
    if (key.startsWith('playwright_')) {
      throw new TypeError(`meta.${key} is scrapy-playwright's; write ${SCRAPY_KEYS[key] ?? 'meta.playwright = { ... } (see docs/rendering-javascript.md)'}`);
    }
  }
  const raw = meta.playwright;
  const context = meta.playwrightContext ?? 'default';
  if (typeof context !== 'string' || context === '') throw new TypeError(`meta.playwrightContext must be a context name (a non-empty string), got ${describe(context)}`);
  if (raw === true) return { waitUntil: defaultWaitUntil, waitFor: undefined, actions: [], screenshot: undefined, pdf: undefined, includePage: false, context };
  if (!isPlainObject(raw)) throw new TypeError(`meta.playwright must be true or an options object ({ waitUntil, waitFor, actions, screenshot, pdf, includePage }), got ${describe(raw)}`);
  for (const key of Object.keys(raw)) {
    if (!(OPTION_KEYS as readonly string[]).includes(key)) throw new TypeError(`meta.playwright: unknown option "${key}"${suggestion(key, OPTION_KEYS)}; the options are ${OPTION_KEYS.join(', ')}`);
  }
  const options = raw as PlaywrightRequestOptions;
  const waitUntil = options.waitUntil ?? defaultWaitUntil;
  if (!WAIT_UNTIL.includes(waitUntil)) throw new TypeError(`meta.playwright.waitUntil must be one of ${WAIT_UNTIL.join(', ')}, got ${describe(waitUntil)}`);
  if (options.waitFor !== undefined) checkWaitCondition(options.waitFor, 'meta.playwright.waitFor');
  const actions = options.actions ?? [];
  if (!Array.isArray(actions)) throw new TypeError(`meta.playwright.actions must be a list of actions, got ${describe(actions)}`);
  actions.forEach((action, index) => checkAction(action, `meta.playwright.actions[${index}]`));
  if (options.includePage !== undefined && typeof options.includePage !== 'boolean') throw new TypeError(`meta.playwright.includePage must be true or false, got ${describe(options.includePage)}`);
  return {
    waitUntil,
    waitFor: options.waitFor,
    actions,
    screenshot: captureOptions(options.screenshot, 'screenshot'),
    pdf: captureOptions(options.pdf, 'pdf'),
    includePage: options.includePage ?? false,
    context,
  };
}

function checkAction(action: unknown, where: string): void {
  if (typeof action === 'function') return;
  if (!isPlainObject(action)) throw new TypeError(`${where} must be an action object (e.g. { click: "button.more" }) or a function of the page, got ${describe(action)}`);
  const keys = Object.keys(action);
  const kinds = keys.filter((key) => key in ACTIONS);
  if (kinds.length !== 1) {
    const unknown = kinds.length === 0 ? keys[0] : undefined;
    if (unknown !== undefined) throw new TypeError(`${where}: unknown action "${unknown}"${suggestion(unknown, Object.keys(ACTIONS))}; the actions are ${Object.keys(ACTIONS).join(', ')}`);
    throw new TypeError(`${where} must name exactly one action of ${Object.keys(ACTIONS).join(', ')}, got ${describe(action)}`);
  }
  const kind = kinds[0]!;
  const extra = keys.find((key) => key !== kind && !ACTIONS[kind]!.includes(key));
  if (extra !== undefined) throw new TypeError(`${where}: "${extra}" is not an option of a ${kind} action${ACTIONS[kind]!.length ? ` (its options: ${ACTIONS[kind]!.join(', ')})` : ''}`);
  const value = action[kind];
  const needString = (name: string, got: unknown) => {
    if (typeof got !== 'string' || got === '') throw new TypeError(`${where}.${name} must be a non-empty string, got ${describe(got)}`);
  };
  switch (kind) {
    case 'click':
      needString('click', value);
      if (action.repeat !== undefined && typeof action.repeat !== 'boolean' && !(Number.isInteger(action.repeat) && (action.repeat as number) > 0)) {
        throw new TypeError(`${where}.repeat must be true or a whole number of clicks, got ${describe(action.repeat)}`);
      }
      return;
    case 'fill':
      needString('fill', value);
      if (typeof action.value !== 'string') throw new TypeError(`${where}.value must be a string, got ${describe(action.value)}`);
      return;
    case 'press':
      needString('press', value);
      needString('key', action.key);
      return;
    case 'select':
      needString('select', value);
      if (typeof action.value !== 'string' && !(Array.isArray(action.value) && action.value.every((item) => typeof item === 'string'))) {
        throw new TypeError(`${where}.value must be a string or a list of strings, got ${describe(action.value)}`);
      }
      return;
    case 'scrollToEnd':
      if (value !== true && !(Number.isInteger(value) && (value as number) > 0)) throw new TypeError(`${where}.scrollToEnd must be true or a whole number of scrolls, got ${describe(value)}`);
      return;
    case 'evaluate':
      if (typeof value !== 'string' && typeof value !== 'function') throw new TypeError(`${where}.evaluate must be a function or its source as a string, got ${describe(value)}`);
      return;
    case 'waitFor':
      checkWaitCondition(value, `${where}.waitFor`);
      return;
    case 'waitForLoadState':
      if (!['load', 'domcontentloaded', 'networkidle'].includes(value as string)) throw new TypeError(`${where}.waitForLoadState must be load, domcontentloaded or networkidle, got ${describe(value)}`);
      return;
    case 'wait':
      if (typeof value !== 'number' || !(value >= 0)) throw new TypeError(`${where}.wait must be a number of seconds, got ${describe(value)}`);
      return;
  }
}

function checkWaitCondition(condition: unknown, where: string): void {
  if (typeof condition === 'function' || (typeof condition === 'string' && condition !== '')) return;
  if (isPlainObject(condition)) {
    if (typeof condition.selector === 'string' && condition.selector !== '' && Object.keys(condition).every((key) => key === 'selector' || key === 'state')) {
      if (condition.state === undefined || ['attached', 'detached', 'visible', 'hidden'].includes(condition.state as string)) return;
    }
    if ((typeof condition.function === 'string' || typeof condition.function === 'function') && Object.keys(condition).every((key) => key === 'function' || key === 'arg')) return;
  }
  throw new TypeError(`${where} must be a CSS selector, a page function, { selector, state? } or { function, arg? }, got ${describe(condition)}`);
}

function captureOptions<T extends object>(value: boolean | T | undefined, name: string): T | undefined {
  if (value === undefined || value === false) return undefined;
  if (value === true) return {} as T;
  if (isPlainObject(value)) return value as T;
  throw new TypeError(`meta.playwright.${name} must be true or an options object, got ${describe(value)}`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

function suggestion(name: string, names: readonly string[]): string {
  const closest = closestName(name, [...names]);
  return closest ? ` (did you mean "${closest}"?)` : '';
}

function describe(value: unknown): string {
  if (typeof value === 'function') return 'a function';
  return JSON.stringify(value) ?? String(value);
}
