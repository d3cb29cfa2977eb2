/**
 * The parts of the CLI that load @arachne/core (and with it got, cheerio, ...).
 * Commands import this lazily, inside their actions, so that `arachne version`
 * and `--help` start in a fraction of the time.
 */
import { setComponentModuleLoader } from '@arachne/core';
import { loadUserModule } from './userModule.js';

// Components given by path (`"./pipelines.ts:MyPipeline"`) are compiled like spider files.
setComponentModuleLoader(loadUserModule);

export { buildSettings } from './buildSettings.js';
export { loadProjectSpiders, spiderNamed, spidersInModule, type SpiderEntry } from './spiderLoader.js';
export { runCrawl } from './runCrawl.js';
export { fetchUrl } from './fetchUrl.js';
export { runCallback, formatCallbackResult } from './parseCallback.js';
