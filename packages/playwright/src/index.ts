/**
 * @arachne/playwright — pages that need a browser, in the same crawl as plain
 * HTTP: list `PlaywrightDownloadHandler` in `DOWNLOAD_HANDLERS` for http and
 * https, and mark the requests to render with `meta.playwright`.
 */
export { PlaywrightDownloadHandler } from './handler.js';
export { PLAYWRIGHT_SETTINGS, RESOURCE_TYPES, WAIT_UNTIL, type AbortRequestPredicate, type ResourceType, type WaitUntil } from './settings.js';
export type { PageAction, PageFunction, PlaywrightRequestOptions, WaitCondition } from './requestOptions.js';
export type { Page, BrowserContextOptions, LaunchOptions } from 'playwright-core';
