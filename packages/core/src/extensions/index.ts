/** Built-in extensions, by the names settings use (`EXTENSIONS_BASE` enables them). */
import type { ComponentClass } from '../component/context.js';
import { CoreStats } from './coreStats.js';
import { LogStats } from './logStats.js';
import { FeedExporter } from '../feeds/feedExporter.js';
import { CloseSpiderExtension } from './closeSpider.js';
import { MemoryUsage } from './memoryUsage.js';
import { AutoThrottle } from './autoThrottle.js';

export const BUILTIN_EXTENSIONS: Readonly<Record<string, ComponentClass>> = {
  CoreStats,
  LogStats,
  FeedExporter,
  CloseSpider: CloseSpiderExtension,
  MemoryUsage,
  AutoThrottle,
};
