/**
 * The settings of the Playwright download handler, declared as core's own
 * are: checked, converted from `-s KEY=VALUE`, suggested on a typo, listed by
 * `arachne settings`. Times are in seconds, as `DOWNLOAD_TIMEOUT`.
 */
import { defineSettings, type SettingsOf } from '@arachne/core';
import type { BrowserContextOptions, LaunchOptions, Request as BrowserRequest } from 'playwright-core';

/** Playwright's resource types (`request.resourceType()`), the values `PLAYWRIGHT_BLOCK_RESOURCES` takes. */
export const RESOURCE_TYPES = [
  'document', 'stylesheet', 'image', 'media', 'font', 'script', 'texttrack', 'xhr', 'fetch', 'eventsource', 'websocket', 'manifest', 'other',
] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];

export const WAIT_UNTIL = ['load', 'domcontentloaded', 'networkidle', 'commit'] as const;
export type WaitUntil = (typeof WAIT_UNTIL)[number];

/** `PLAYWRIGHT_ABORT_REQUEST`: true aborts a request the page makes (the page's own document included). */
export type AbortRequestPredicate = (request: BrowserRequest) => boolean | Promise<boolean>;

export const PLAYWRIGHT_SETTINGS = defineSettings({
  PLAYWRIGHT_EXECUTABLE_PATH: {
    default: '/usr/bin/chromium',
    doc: 'The Chromium executable to launch (Debian: `apt-get install -y chromium`).',
  },
  PLAYWRIGHT_LAUNCH_OPTIONS: {
    default: {} as Omit<LaunchOptions, 'executablePath'>,
    doc: "More options for Playwright's chromium.launch() (headless, env, ...); `args` are added to the handler's own.",
  },
  PLAYWRIGHT_MAX_PAGES: {
    default: 4,
    type: 'integer',
    min: 1,
    doc: 'Browser pages open at once, over all contexts; a browser request beyond them waits for one.',
  },
  PLAYWRIGHT_MAX_CONTEXTS: {
    default: 8,
    type: 'integer',
    min: 1,
    doc: 'Browser contexts open at once; an idle one is closed to open another.',
  },
  PLAYWRIGHT_RESTART_AFTER_PAGES: {
    default: 500,
    type: 'integer',
    min: 0,
    doc: 'Pages a browser opens before a fresh one replaces it (its pages finish first); 0 never restarts.',
  },
  PLAYWRIGHT_CONTEXTS: {
    default: {} as Record<string, BrowserContextOptions>,
    doc: 'Context name → options for browser.newContext() (viewport, locale, userAgent, ...); `default` is the unnamed context.',
  },
  PLAYWRIGHT_CONTEXT_IDLE_TIMEOUT: {
    default: 30,
    min: 0,
    doc: 'Seconds a context without pages stays open; its cookies and storage come back when it is opened again.',
  },
  PLAYWRIGHT_NAVIGATION_TIMEOUT: {
    default: 30,
    min: 0,
    doc: 'Seconds for the navigation, and for each wait and action; 0 for no limit.',
  },
  PLAYWRIGHT_WAIT_UNTIL: {
    default: 'load' as WaitUntil,
    choices: WAIT_UNTIL,
    doc: 'When the navigation counts as done, unless a request says otherwise.',
  },
  PLAYWRIGHT_SETTLE_TIME: {
    default: 0.3,
    min: 0,
    doc: 'Seconds without network activity after which a page counts as settled between repeated clicks and scrolls.',
  },
  PLAYWRIGHT_BLOCK_RESOURCES: {
    default: [] as ResourceType[],
    type: 'list',
    doc: 'Resource types browser pages do not load (image, font, media, stylesheet, ...).',
  },
  PLAYWRIGHT_ABORT_REQUEST: {
    default: null as AbortRequestPredicate | null,
    type: 'function',
    doc: 'A predicate on each request a page makes (a Playwright Request); true aborts it.',
  },
});

declare module '@arachne/core' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the augmentation adds these keys to core's settings type
  interface SettingsValues extends SettingsOf<typeof PLAYWRIGHT_SETTINGS> {}
}
