/**
 * A download slot (one per domain, or per `meta.download_slot`): at most
 * `concurrency` transfers at once (p-queue), and `delay` seconds between the
 * starts of consecutive requests, randomized to 0.5–1.5× as Scrapy does.
 * AutoThrottle and robots.txt Crawl-delay adjust `delay` while the crawl runs.
 */
import PQueue from 'p-queue';

export class Slot {
  readonly queue: PQueue;
  delay: number;
  readonly randomizeDelay: boolean;
  /** Time (ms) the last request started, or is scheduled to start. */
  #lastStart = 0;
  lastSeen = Date.now();

  constructor(readonly key: string, concurrency: number, delay: number, randomizeDelay: boolean) {
    // With a delay, starts are spaced (see #waitTurn) but transfers may overlap, as in Scrapy.
    this.queue = new PQueue({ concurrency });
    this.delay = delay;
    this.randomizeDelay = randomizeDelay;
  }

  get concurrency(): number {
    return this.queue.concurrency;
  }
  set concurrency(value: number) {
    this.queue.concurrency = value;
  }

  /** Requests queued or transferring in this slot. */
  get active(): number {
    return this.queue.size + this.queue.pending;
  }

  /** Run `task` under the slot's concurrency and delay. */
  run<T>(task: () => Promise<T>): Promise<T> {
    this.lastSeen = Date.now();
    return this.queue.add(async () => {
      await this.#waitTurn();
      return task();
    }) as Promise<T>;
  }

  /** Resolves when the delay since the previous start has passed. Synchronous bookkeeping keeps starts spaced even when several wait at once. */
  #waitTurn(): Promise<void> | void {
    if (this.delay <= 0) return;
    const interval = this.delay * 1000 * (this.randomizeDelay ? 0.5 + Math.random() : 1);
    const now = Date.now();
    const startAt = Math.max(now, this.#lastStart + interval);
    this.#lastStart = startAt;
    if (startAt <= now) return;
    return new Promise((resolve) => setTimeout(resolve, startAt - now));
  }
}
