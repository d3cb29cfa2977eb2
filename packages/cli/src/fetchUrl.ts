/**
 * Download one URL through the whole middleware stack (retries, redirects,
 * cookies, ...) with a project's settings, as a crawl would, and return the
 * response. With a spider class, its `customSettings` and attributes apply;
 * `inspect` runs inside the crawl, with the spider (for `arachne parse`).
 */
import { Request, Spider, type Response, type Settings, type SpiderArgs, type SpiderClass } from '@arachne/core';
import { CliError } from './errors.js';
import { runCrawl } from './runCrawl.js';
import type { UserModules } from './userModule.js';

class DefaultSpider extends Spider {
  name = 'default';
}

// Every status reaches the callback (a 404 page is still printed); 3xx only with `followRedirects` off.
const NON_REDIRECT_STATUSES = Array.from({ length: 500 }, (_, i) => i + 100).filter((status) => status < 300 || status >= 400);

export interface FetchOptions {
  followRedirects: boolean;
  modules: UserModules;
  spiderClass?: SpiderClass;
  args?: SpiderArgs;
  inspect?: (spider: Spider, response: Response) => Promise<void>;
}

export async function fetchUrl(url: string, settings: Settings, options: FetchOptions): Promise<Response> {
  let response: Response | undefined;
  let error: Error | undefined;
  const meta = options.followRedirects ? { handle_httpstatus_list: NON_REDIRECT_STATUSES } : { handle_httpstatus_all: true };
  const Base: SpiderClass = options.spiderClass ?? DefaultSpider;
  const FetchSpider = class extends Base {
    declare readonly name: string; // set by the base class
    override async *start() {
      yield new Request({
        url,
        meta,
        dontFilter: true,
        callback: async (received: Response) => {
          response = received;
          try {
            await options.inspect?.(this, received);
          } catch (inspectError) {
            error = inspectError as Error;
          }
          return [];
        },
        errback: (failure) => {
          error = failure.error;
          return [];
        },
      });
    }
  };
  await runCrawl(FetchSpider, { settings, args: options.args ?? {}, modules: options.modules });
  if (error && response) throw error;
  if (response) return response;
  if (error) throw new CliError(`cannot fetch ${url}: ${error.message}`, { cause: error });
  throw new CliError(`cannot fetch ${url}: the request was dropped (see the log)`);
}
