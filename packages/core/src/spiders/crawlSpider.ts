/**
 * Scrapy's `CrawlSpider`: a spider driven by `rules`. Each rule's link
 * extractor picks links from every HTML page the crawl follows; the rule says
 * which callback parses the linked pages and whether their links are followed.
 */
import { Request, type Callback, type Errback, type Failure, type SpiderOutput } from '../http/request.js';
import { HtmlResponse, type Response, type TextResponse } from '../http/response.js';
import type { CrawlerContext } from '../component/context.js';
import { iterateOutput, toAsync } from './output.js';
import { LinkExtractor, type Link } from './linkExtractor.js';
import { Spider } from './spider.js';
import { noSuchMethod } from './scrapyNames.js';

export type ProcessLinks = (links: Link[]) => Link[];
export type ProcessRequest = (request: Request, response: Response) => Request | null | undefined;
/** Scrapy's `process_results(response, results)`: sees a callback's output (as an async iterable) and returns what the crawl gets instead. */
export type ProcessResults = (response: Response, results: AsyncIterable<unknown>) => SpiderOutput<unknown>;

export interface RuleOptions {
  /** Parses the pages this rule's links lead to: a spider method name or a function (called with the spider as `this`). */
  callback?: string | Callback;
  /** Extra arguments for `callback` (the request's own `cbKwargs` win). */
  cbKwargs?: Record<string, any>;
  /** Apply the rules to the pages this rule leads to. Default: true without a callback, false with one. */
  follow?: boolean;
  /** Filter or rewrite the links extracted on a page (a method name or a function). */
  processLinks?: string | ProcessLinks;
  /** Rewrite or drop (return null) each request this rule builds (a method name or a function). */
  processRequest?: string | ProcessRequest;
  /**
   * Post-process what this rule's callback returned, before the spider's own
   * `processResults` (a method name or a function). Not given links to follow.
   */
  processResults?: string | ProcessResults;
  /** Called when a request of this rule fails (a method name or a function). */
  errback?: string | Errback;
}

export class Rule {
  /** A `LinkExtractor`, or any object with `extractLinks(response)` (as Scrapy takes any object with `extract_links`). */
  readonly linkExtractor: Pick<LinkExtractor, 'extractLinks'>;
  readonly callback: string | Callback | null;
  readonly cbKwargs: Record<string, any>;
  readonly follow: boolean;
  readonly processLinks: string | ProcessLinks | null;
  readonly processRequest: string | ProcessRequest | null;
  readonly processResults: string | ProcessResults | null;
  readonly errback: string | Errback | null;

  /** Without a link extractor, the rule takes every link `new LinkExtractor()` finds. */
  constructor(linkExtractor?: Pick<LinkExtractor, 'extractLinks'>, options: RuleOptions = {}) {
    checkRuleOptions(linkExtractor, options);
    this.linkExtractor = linkExtractor ?? (defaultLinkExtractor ??= new LinkExtractor());
    this.callback = options.callback ?? null;
    this.cbKwargs = options.cbKwargs ?? {};
    this.follow = options.follow ?? !options.callback;
    this.processLinks = options.processLinks ?? null;
    this.processRequest = options.processRequest ?? null;
    this.processResults = options.processResults ?? null;
    this.errback = options.errback ?? null;
  }
}

const RULE_OPTIONS: Record<string, string> = {
  callback: 'callback', cbKwargs: 'cbKwargs', follow: 'follow', processLinks: 'processLinks', processRequest: 'processRequest',
  processResults: 'processResults', errback: 'errback',
  // Scrapy's spellings, for the error message.
  cb_kwargs: 'cbKwargs', process_links: 'processLinks', process_request: 'processRequest', process_results: 'processResults',
};

function checkRuleOptions(linkExtractor: unknown, options: unknown): void {
  if (linkExtractor !== undefined && typeof (linkExtractor as { extractLinks?: unknown } | null)?.extractLinks !== 'function') {
    throw new TypeError(`Rule takes a LinkExtractor first (new Rule(new LinkExtractor({ allow: ... }), { callback })), not ${JSON.stringify(linkExtractor) ?? typeof linkExtractor}`);
  }
  if (typeof options !== 'object' || options === null) throw new TypeError('Rule options must be an object such as { callback: \'parseItem\', follow: true }');
  for (const key of Object.keys(options)) {
    const known = RULE_OPTIONS[key];
    if (known !== key) throw new TypeError(`Unknown Rule option ${JSON.stringify(key)}${known ? `; use ${JSON.stringify(known)}` : ''} (accepted: ${Object.values(RULE_OPTIONS).filter((v, i, all) => all.indexOf(v) === i).join(', ')})`);
  }
}

let defaultLinkExtractor: LinkExtractor | undefined;

/** A rule with its method names resolved against the spider. */
interface BoundRule {
  rule: Rule;
  callback: Callback | null;
  processLinks: ProcessLinks | null;
  processRequest: ProcessRequest | null;
  processResults: ProcessResults | null;
  errback: Errback | null;
}

export abstract class CrawlSpider<Item = Record<string, unknown>> extends Spider<Item> {
  /** Applied in order to every followed page; a link an earlier rule took is not requested again by a later one. */
  rules: Rule[] = [];
  #bound: BoundRule[] | undefined;

  override bindCrawler(crawler: CrawlerContext): void {
    super.bindCrawler(crawler);
    if (this.parse !== CrawlSpider.prototype.parse) {
      throw new TypeError(`${this.constructor.name}: a CrawlSpider must not override parse(), which applies its rules; override parseStartUrl() or give the rules a callback`);
    }
    this.#boundRules();
  }

  /** The rules engine, and the callback of the start requests. Do not override it: override `parseStartUrl`. */
  override async *parse(response: Response, kwargs?: Record<string, any>): AsyncGenerator<Item | Request> {
    yield* this.#parseResponse(response, this.parseStartUrl, kwargs, true, null);
  }

  /** Hook for the start responses (links are followed from them in any case). Default: nothing. */
  parseStartUrl(_response: Response, _kwargs?: Record<string, any>): SpiderOutput<Item> {
    return [];
  }

  /**
   * Scrapy's `process_results`: called with what `parseStartUrl` or a rule's
   * callback returned (after the rule's own `processResults`), returns what
   * the crawl gets instead, e.g. items with an id set. Default: the results.
   */
  processResults(_response: Response, results: AsyncIterable<Item | Request>): SpiderOutput<Item> {
    return results;
  }

  /** Callback of the requests the rules build (by name, so requests stay serializable). */
  async *ruleCallback(response: Response, kwargs?: Record<string, any>): AsyncGenerator<Item | Request> {
    const { rule, callback, processResults } = this.#ruleOf(response.meta);
    yield* this.#parseResponse(response, callback, { ...rule.cbKwargs, ...kwargs }, rule.follow, processResults);
  }

  /** Errback of the requests of rules that have one. */
  ruleErrback(failure: Failure): AsyncIterable<unknown> | Iterable<unknown> {
    const { errback } = this.#ruleOf(failure.request.meta);
    return errback ? iterateOutput(errback.call(this, failure)) : [];
  }

  async *#parseResponse(
    response: Response,
    callback: Callback | null,
    kwargs: Record<string, any> | undefined,
    follow: boolean,
    ruleProcessResults: ProcessResults | null,
  ): AsyncGenerator<Item | Request> {
    if (callback) {
      let results = iterateOutput(callback.call(this, response, kwargs));
      if (ruleProcessResults) results = iterateOutput(ruleProcessResults.call(this, response, toAsync(results)));
      if (this.processResults !== CrawlSpider.prototype.processResults) {
        results = iterateOutput(this.processResults(response, toAsync(results) as AsyncIterable<Item | Request>));
      }
      yield* results as AsyncIterable<Item | Request>;
    }
    if (follow && response instanceof HtmlResponse) yield* this.#requestsToFollow(response);
  }

  *#requestsToFollow(response: TextResponse): Generator<Request> {
    const rules = this.#boundRules();
    // Scrapy compares whole links (URL, text, fragment, nofollow), so one rule cannot shadow another with a lone URL match.
    const seen = rules.length > 1 ? new Set<string>() : null;
    for (let index = 0; index < rules.length; index++) {
      const { rule, processLinks, processRequest, errback } = rules[index]!;
      let links = rule.linkExtractor.extractLinks(response);
      if (seen && seen.size > 0) links = links.filter((link) => !seen.has(linkKey(link)));
      if (processLinks) links = processLinks.call(this, links);
      for (const link of links) {
        seen?.add(linkKey(link));
        const request = new Request({
          url: link.url,
          callback: 'ruleCallback',
          errback: errback ? 'ruleErrback' : null,
          meta: { rule: index, link_text: link.text },
        });
        const processed = processRequest ? processRequest.call(this, request, response) : request;
        if (processed) yield processed;
      }
    }
  }

  #ruleOf(meta: Record<string, any>): BoundRule {
    const bound = this.#boundRules()[meta.rule as number];
    if (!bound) throw new TypeError(`${this.constructor.name} has no rule ${String(meta.rule)} (request meta.rule)`);
    return bound;
  }

  #boundRules(): BoundRule[] {
    this.#bound ??= this.rules.map((rule) => ({
      rule,
      callback: this.#method<Callback>(rule.callback, 'callback'),
      processLinks: this.#method<ProcessLinks>(rule.processLinks, 'processLinks'),
      processRequest: this.#method<ProcessRequest>(rule.processRequest, 'processRequest'),
      processResults: this.#method<ProcessResults>(rule.processResults, 'processResults'),
      errback: this.#method<Errback>(rule.errback, 'errback'),
    }));
    return this.#bound;
  }

  #method<F>(ref: string | F | null, option: string): F | null {
    if (typeof ref !== 'string') return ref;
    const method = (this as unknown as Record<string, unknown>)[ref];
    if (typeof method !== 'function') throw noSuchMethod(this, ref, `a rule's ${option}`);
    return method as F;
  }
}

function linkKey(link: Link): string {
  return `${link.nofollow ? 1 : 0}${link.url}\0${link.text}\0${link.fragment}`;
}
