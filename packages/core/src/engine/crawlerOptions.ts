/** What a crawler is given besides its spider and settings: its components, its module loader, its frontier. */
import type { ComponentClass, CrawlerContext } from '../component/context.js';
import type { ModuleLoader } from '../component/registry.js';
import type { SchedulerStorage } from '../scheduler/scheduler.js';

export interface CrawlerOptions {
  /** Components settings may name, beside the built-ins: `{ components: { PricePipeline } }` → `ITEM_PIPELINES: { PricePipeline: 300 }`. */
  components?: Readonly<Record<string, ComponentClass>>;
  /** Loads modules that settings name by path (`"./pipelines.ts:PricePipeline"`); default `import()`. */
  loadModule?: ModuleLoader;
  /** Replace the in-memory frontier (disk or Redis storage). */
  schedulerStorage?: (crawler: CrawlerContext) => SchedulerStorage | Promise<SchedulerStorage>;
}
