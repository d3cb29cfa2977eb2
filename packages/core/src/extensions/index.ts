/** Built-in extensions and their orders in `EXTENSIONS_BASE` (order matters little for extensions). */
import type { BuiltinTable } from '../settings/components.js';
import { CoreStats } from './coreStats.js';
import { LogStats } from './logStats.js';
import { FeedExporter } from '../feeds/feedExporter.js';
import { CloseSpiderExtension } from './closeSpider.js';
import { MemoryUsage } from './memoryUsage.js';
import { AutoThrottle } from './autoThrottle.js';

export const BUILTIN_EXTENSIONS: BuiltinTable = {
  CoreStats: { component: CoreStats, order: 0 },
  LogStats: { component: LogStats, order: 0 },
  FeedExporter: { component: FeedExporter, order: 0 },
  CloseSpider: { component: CloseSpiderExtension, order: 0 },
  MemoryUsage: { component: MemoryUsage, order: 0 },
  AutoThrottle: { component: AutoThrottle, order: 0 },
};
