/**
 * The words of the crawl's per-event log lines, as Scrapy's LogFormatter:
 * `Crawled (200) <GET url> (referer: ...)`, `Scraped from <200 url>`, `Dropped: ...`,
 * and the error lines. Replace it with `LOG_FORMATTER` (a subclass that
 * overrides a method, say) to change a line or its level; return `null` to log nothing.
 */
import type { Request } from '../http/request.js';
import type { Response } from '../http/response.js';
import type { LogLevel } from '../settings/defaults.js';
import type { SpiderAttributes } from '../spiders/spiderAttributes.js';

export interface LogEntry {
  level: LogLevel;
  message: string;
  /** Described after the message (with its stack at DEBUG). */
  error?: unknown;
  /** Below DEBUG, also print the error's frames in user code (where a callback failed). */
  userFrames?: boolean;
}

export class LogFormatter {
  crawled(request: Request, response: Response, _spider: SpiderAttributes): LogEntry | null {
    return {
      level: 'DEBUG',
      message: `Crawled (${response.status}) ${request}${flagList(request.flags)} (referer: ${referer(request)})${flagList(response.flags)}`,
    };
  }

  scraped(item: unknown, response: Response | null, _spider: SpiderAttributes): LogEntry | null {
    return { level: 'DEBUG', message: `Scraped from ${response ?? 'start'}\n${describeItem(item)}` };
  }

  dropped(item: unknown, error: Error, _response: Response | null, _spider: SpiderAttributes): LogEntry | null {
    return { level: 'WARNING', message: `Dropped: ${error.message}\n${describeItem(item)}` };
  }

  itemError(item: unknown, error: unknown, response: Response | null, _spider: SpiderAttributes): LogEntry | null {
    return { level: 'ERROR', message: `Error processing ${describeItem(item)} from ${response ?? 'start'}`, error };
  }

  spiderError(error: Error, request: Request, _response: Response | null, _spider: SpiderAttributes): LogEntry | null {
    return { level: 'ERROR', message: `Spider error processing ${request} (referer: ${referer(request)})`, error, userFrames: true };
  }

  downloadError(error: Error, request: Request, _spider: SpiderAttributes): LogEntry | null {
    return { level: 'ERROR', message: `Error downloading ${request}`, error };
  }
}

function referer(request: Request): string {
  return request.headers.get('referer') ?? 'None';
}

/** ` ['cached', 'redirected']`, or nothing. */
function flagList(flags: readonly string[]): string {
  return flags.length === 0 ? '' : ` [${flags.map((flag) => `'${flag}'`).join(', ')}]`;
}

function describeItem(item: unknown): string {
  try {
    return JSON.stringify(item) ?? String(item);
  } catch {
    return String(item);
  }
}
