/** The `openSpider` / `closeSpider` hooks of middlewares and pipelines, run one at a time in their order. */
import type { Logger } from '../engine/logger.js';
import type { SpiderAttributes } from '../spiders/spiderAttributes.js';
import type { NamedComponent } from './build.js';

interface SpiderHooks {
  openSpider?(spider: never): unknown;
  closeSpider?(spider: never): unknown;
}

/** Open each component in order; a failure stops the crawl, naming the component. */
export async function openComponents(components: ReadonlyArray<NamedComponent>, spider: SpiderAttributes): Promise<void> {
  for (const { name, instance } of components) {
    const hooks = instance as SpiderHooks;
    if (!hooks.openSpider) continue;
    try {
      await (hooks.openSpider as (spider: SpiderAttributes) => unknown).call(instance, spider);
    } catch (error) {
      throw new Error(`${name}.openSpider failed: ${(error as Error)?.message ?? String(error)}`, { cause: error });
    }
  }
}

/** Close each component in order, awaiting each; a failure is logged and the others still close. */
export async function closeComponents(components: ReadonlyArray<NamedComponent>, spider: SpiderAttributes, logger: Logger): Promise<void> {
  for (const { name, instance } of components) {
    const hooks = instance as SpiderHooks;
    if (!hooks.closeSpider) continue;
    try {
      await (hooks.closeSpider as (spider: SpiderAttributes) => unknown).call(instance, spider);
    } catch (error) {
      logger.error(`Error closing ${name}`, error);
    }
  }
}
