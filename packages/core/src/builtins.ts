/**
 * Registers every built-in component under its name, so settings maps
 * (`DOWNLOADER_MIDDLEWARES_BASE`, `{ RetryMiddleware: null }`, ...) can refer to them.
 */
import { registerComponent } from './settings/components.js';
import { BUILTIN_EXTENSIONS } from './extensions/index.js';
import { BUILTIN_DOWNLOADER_MIDDLEWARES } from './downloader/middlewares/index.js';
import { BUILTIN_SPIDER_MIDDLEWARES } from './spidermw/builtins.js';
import { BUILTIN_ITEM_PIPELINES } from './pipelines/builtins.js';

let registered = false;

export function registerBuiltins(): void {
  if (registered) return;
  registered = true;
  for (const table of [BUILTIN_EXTENSIONS, BUILTIN_DOWNLOADER_MIDDLEWARES, BUILTIN_SPIDER_MIDDLEWARES, BUILTIN_ITEM_PIPELINES]) {
    for (const [name, { component }] of Object.entries(table)) registerComponent(name, component);
  }
}
