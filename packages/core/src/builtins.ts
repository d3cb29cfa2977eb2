/** Every built-in component, by kind and by the name settings use for it. */
import type { BuiltinComponents } from './component/registry.js';
import { BUILTIN_EXTENSIONS } from './extensions/index.js';
import { BUILTIN_DOWNLOADER_MIDDLEWARES } from './downloader/middlewares/index.js';
import { BUILTIN_SPIDER_MIDDLEWARES } from './spidermw/builtins.js';
import { BUILTIN_ITEM_PIPELINES } from './pipelines/builtins.js';
import { HttpDownloadHandler } from './downloader/handlers/http.js';
import { LogFormatter } from './engine/logFormatter.js';

export const BUILTIN_COMPONENTS: BuiltinComponents = {
  extension: BUILTIN_EXTENSIONS,
  downloaderMiddleware: BUILTIN_DOWNLOADER_MIDDLEWARES,
  spiderMiddleware: BUILTIN_SPIDER_MIDDLEWARES,
  itemPipeline: BUILTIN_ITEM_PIPELINES,
  downloadHandler: { HttpDownloadHandler },
  logFormatter: { LogFormatter },
};
