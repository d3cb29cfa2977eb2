/**
 * What a spider callback makes of one page, for `arachne parse`: the items and
 * requests it yields, collected rather than crawled.
 */
import { Request, iterateOutput, type Response, type Spider } from '@arachne/core';
import { CliError } from './errors.js';

export interface CallbackResult {
  items: unknown[];
  requests: Request[];
}

export async function runCallback(spider: Spider, response: Response, callback: string): Promise<CallbackResult> {
  const method = (spider as unknown as Record<string, unknown>)[callback];
  if (typeof method !== 'function') throw new CliError(`spider ${spider.name} has no method "${callback}" to use as a callback`);
  const result: CallbackResult = { items: [], requests: [] };
  for await (const value of iterateOutput(method.call(spider, response, response.request.cbKwargs))) {
    if (value instanceof Request) result.requests.push(value);
    else if (value !== null && value !== undefined) result.items.push(value);
  }
  return result;
}

/** Scrapy's `parse` report: the items as JSON, then the requests with their callbacks. */
export function formatCallbackResult({ items, requests }: CallbackResult, spider: Spider): string {
  const rule = (title: string) => `# ${title} ${'-'.repeat(Math.max(3, 70 - title.length))}`;
  const lines = ['>>> STATUS DEPTH LEVEL 1 <<<', rule('Scraped Items'), JSON.stringify(items, null, 2), '', rule('Requests')];
  for (const request of requests) lines.push(`${request} ${callbackName(request, spider)}`);
  return `${lines.join('\n')}\n`;
}

function callbackName(request: Request, spider: Spider): string {
  const { callback } = request.toData(spider);
  return `(callback: ${callback ?? 'parse'})`;
}
