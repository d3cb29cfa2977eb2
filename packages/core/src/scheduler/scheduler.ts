/**
 * The scheduler: drops duplicate requests (by fingerprint, unless `dontFilter`)
 * and hands out the rest by priority. Storage is a `RequestQueue` + `SeenSet`
 * pair, so a disk or Redis frontier plugs in without touching the engine.
 */
import type { Request } from '../http/request.js';
import type { CrawlerContext } from '../component/context.js';
import type { Logger } from '../engine/logger.js';
import { isThenable } from '../engine/signals.js';
import { requestFingerprint } from './fingerprint.js';
import { MemoryPriorityQueue, type MaybePromise, type RequestQueue, type SeenSet } from './queue.js';
import { MemorySeenSet } from './memorySeenSet.js';

export interface SchedulerStorage {
  queue: RequestQueue;
  seen: SeenSet;
}

export class Scheduler {
  readonly queue: RequestQueue;
  readonly seen: SeenSet;
  readonly #crawler: CrawlerContext;
  readonly #logger: Logger;
  readonly #debug: boolean;
  #loggedDuplicate = false;

  constructor(crawler: CrawlerContext, storage?: SchedulerStorage) {
    this.#crawler = crawler;
    this.#logger = crawler.logger.child('dupefilter');
    this.queue = storage?.queue ?? new MemoryPriorityQueue();
    this.seen = storage?.seen ?? new MemorySeenSet();
    this.#debug = crawler.settings.get('DUPEFILTER_DEBUG');
  }

  get size(): number {
    return this.queue.size;
  }

  hasPendingRequests(): boolean {
    return this.queue.size > 0;
  }

  /** Queue a request; false (and a `requestDropped` signal) when it is a duplicate. */
  enqueueRequest(request: Request): MaybePromise<boolean> {
    if (request.dontFilter) return this.#push(request);
    const isNew = this.seen.add(requestFingerprint(request));
    if (isThenable(isNew)) return (isNew as Promise<boolean>).then((fresh) => (fresh ? this.#push(request) : this.#dropDuplicate(request)));
    return isNew ? this.#push(request) : this.#dropDuplicate(request);
  }

  nextRequest(): MaybePromise<Request | null> {
    const request = this.queue.pop();
    if (isThenable(request)) return (request as Promise<Request | null>).then((popped) => this.#countDequeued(popped));
    return this.#countDequeued(request as Request | null);
  }

  #countDequeued(request: Request | null): Request | null {
    if (request !== null) this.#crawler.stats.incValue('scheduler/dequeued');
    return request;
  }

  async close(): Promise<void> {
    await this.queue.close?.();
    await this.seen.close?.();
  }

  #push(request: Request): MaybePromise<boolean> {
    const pushed = this.queue.push(request);
    this.#crawler.stats.incValue('scheduler/enqueued');
    this.#crawler.signals.send('requestScheduled', { request, spider: this.#crawler.spider });
    return isThenable(pushed) ? (pushed as Promise<void>).then(() => true) : true;
  }

  #dropDuplicate(request: Request): false {
    const { stats, signals, spider } = this.#crawler;
    const logger = this.#logger;
    stats.incValue('dupefilter/filtered');
    signals.send('requestDropped', { request, spider, reason: 'duplicate' });
    if (this.#debug) {
      logger.debug(`Filtered duplicate request: ${request}`);
    } else if (!this.#loggedDuplicate) {
      this.#loggedDuplicate = true;
      logger.debug(`Filtered duplicate request: ${request} - no more duplicates will be shown (see DUPEFILTER_DEBUG to show all duplicates)`);
    }
    return false;
  }
}
