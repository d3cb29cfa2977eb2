/** Building components: once per crawler, as Scrapy's `from_crawler`; `NotConfigured` leaves one out. */
import { NotConfigured } from '../errors.js';
import type { ComponentClass, CrawlerContext } from './context.js';

/** A built component and the name logs use for it (`RobotsTxtMiddleware`, `./mw.ts`'s `MyMiddleware`). */
export interface NamedComponent<T = unknown> {
  name: string;
  instance: T;
}

/** Build a component for a crawler; `undefined` when it raised NotConfigured. */
export function buildComponent<T>(cls: ComponentClass<T>, name: string, crawler: CrawlerContext): NamedComponent<T> | undefined {
  try {
    return { name, instance: cls.fromCrawler ? cls.fromCrawler(crawler) : new cls(crawler) };
  } catch (error) {
    if (error instanceof NotConfigured) {
      crawler.logger.debug(`${name} disabled: ${error.message || 'not configured'}`);
      return undefined;
    }
    throw error;
  }
}
