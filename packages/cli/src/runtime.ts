/**
 * The parts of the CLI that load @arachne/core (and with it got, cheerio, ...).
 * Commands import this lazily, inside their actions, so that `arachne version`
 * and `--help` start in a fraction of the time.
 */
export { buildSettings } from './buildSettings.js';
export { declareComponentSettings, settingsReference } from '@arachne/core';
export { loadProjectSpiders, spiderNamed, spidersInModule, type SpiderEntry } from './spiderLoader.js';
export { runCrawl } from './runCrawl.js';
export { fetchUrl } from './fetchUrl.js';
export { runCallback, formatCallbackResult } from './parseCallback.js';
