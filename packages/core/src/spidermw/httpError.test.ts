import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSite, type TestSite } from '@arachne/testsite';
import { Crawler, HttpError, Request, Spider, type Failure, type Response, type SettingsInput } from '../index.js';

let site: TestSite;
beforeAll(async () => {
  site = await startTestSite();
});
afterAll(() => site.close());

const QUIET: SettingsInput = { LOG_ENABLED: false, LOGSTATS_INTERVAL: 0, RETRY_ENABLED: false };

/** Crawls the given paths; records which statuses reached `parse` and which failures reached the errback. */
async function crawl(paths: string[], settings: SettingsInput = {}, options: { meta?: Record<string, any>; errback?: boolean; spiderList?: number[] } = {}) {
  const parsed: number[] = [];
  const failures: Failure[] = [];
  class S extends Spider {
    name = 'httperror';
    override handleHttpstatusList = options.spiderList;
    override async *start() {
      for (const p of paths) {
        yield new Request({ url: `${site.url}${p}`, meta: { ...options.meta }, errback: options.errback ? this.failed : null });
      }
    }
    override async *parse(response: Response) {
      parsed.push(response.status);
      yield { status: response.status };
    }
    async *failed(failure: Failure) {
      failures.push(failure);
      yield { failed: failure.response?.status };
    }
  }
  const crawler = new Crawler(S, { ...QUIET, ...settings });
  const reason = await crawler.crawl();
  return { parsed: parsed.sort(), failures, stats: crawler.stats, reason };
}

describe('HttpErrorMiddleware', () => {
  it('keeps non-2xx responses from callbacks and counts them by status', async () => {
    const { parsed, stats, reason } = await crawl(['/status/200', '/status/404', '/status/500', '/status/404?again']);
    expect(reason).toBe('finished');
    expect(parsed).toEqual([200]);
    expect(stats.getValue('httperror/response_ignored_count')).toBe(3);
    expect(stats.getValue('httperror/response_ignored_status_count/404')).toBe(2);
    expect(stats.getValue('httperror/response_ignored_status_count/500')).toBe(1);
    expect(stats.getValue('spider_exceptions/count')).toBeUndefined();
  });

  it('logs each ignored response at INFO', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'arachne-httperror-')), 'log.txt');
    await crawl(['/status/404'], { LOG_ENABLED: true, LOG_FILE: file, LOG_LEVEL: 'INFO' });
    expect(fs.readFileSync(file, 'utf8')).toContain(`INFO: Ignoring response <404 ${site.url}/status/404>: HTTP status code is not handled or not allowed`);
  });

  it('lets through the codes in HTTPERROR_ALLOWED_CODES, or all with HTTPERROR_ALLOW_ALL', async () => {
    expect((await crawl(['/status/404', '/status/500'], { HTTPERROR_ALLOWED_CODES: [404] })).parsed).toEqual([404]);
    expect((await crawl(['/status/404', '/status/500'], { HTTPERROR_ALLOW_ALL: true })).parsed).toEqual([404, 500]);
  });

  it('lets the spider field handleHttpstatusList replace the setting', async () => {
    const { parsed } = await crawl(['/status/404', '/status/500'], { HTTPERROR_ALLOWED_CODES: [404] }, { spiderList: [500] });
    expect(parsed).toEqual([500]);
  });

  it('honours meta.handle_httpstatus_list over the settings, and meta.handle_httpstatus_all', async () => {
    const listed = await crawl(['/status/404', '/status/500'], { HTTPERROR_ALLOW_ALL: true }, { meta: { handle_httpstatus_list: [500] } });
    expect(listed.parsed).toEqual([500]);
    const all = await crawl(['/status/404', '/status/500'], {}, { meta: { handle_httpstatus_all: true } });
    expect(all.parsed).toEqual([404, 500]);
  });

  it('sends the refused response to the errback as an HttpError with failure.response set', async () => {
    const { parsed, failures, stats } = await crawl(['/status/503'], {}, { errback: true });
    expect(parsed).toEqual([]);
    expect(failures).toHaveLength(1);
    const [failure] = failures;
    expect(failure!.error).toBeInstanceOf(HttpError);
    expect((failure!.error as HttpError).response.status).toBe(503);
    expect(failure!.response?.status).toBe(503);
    expect(failure!.request.url).toBe(`${site.url}/status/503`);
    expect(stats.getValue('item_scraped_count')).toBe(1); // the errback's output is scraped
    expect(stats.getValue('httperror/response_ignored_count')).toBeUndefined();
  });

  it('swallows the HttpError an errback re-raises', async () => {
    class S extends Spider {
      name = 'reraise';
      override startUrls = [`${site.url}/status/404`];
      override async *start() {
        yield new Request({ url: `${site.url}/status/404`, errback: this.failed });
      }
      failed(failure: Failure): never {
        throw failure.error;
      }
    }
    const crawler = new Crawler(S, QUIET);
    await crawler.crawl();
    expect(crawler.stats.getValue('httperror/response_ignored_count')).toBe(1);
    expect(crawler.stats.getValue('spider_exceptions/count')).toBeUndefined();
  });

  it('passes requests yielded by an errback through the other spider middlewares', async () => {
    const depths: number[] = [];
    class S extends Spider {
      name = 'errback-output';
      override async *start() {
        yield new Request({ url: `${site.url}/status/404`, errback: this.failed });
      }
      failed() {
        return [new Request({ url: `${site.url}/status/200` })];
      }
      override parse(response: Response) {
        depths.push(response.meta.depth);
      }
    }
    const crawler = new Crawler(S, QUIET);
    await crawler.crawl();
    expect(depths).toEqual([1]);
  });

  it('is disabled by SPIDER_MIDDLEWARES { HttpErrorMiddleware: null }', async () => {
    const { parsed } = await crawl(['/status/404'], { SPIDER_MIDDLEWARES: { HttpErrorMiddleware: null } });
    expect(parsed).toEqual([404]);
  });
});
