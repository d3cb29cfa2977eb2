/**
 * A counting semaphore with first-come, first-served waiters. Written here
 * rather than taken from p-limit or p-queue: a page's slot is held past the
 * function that took it (a page handed to a callback is released when the
 * callback is done), which a task queue cannot express.
 */
export class Slots {
  #used = 0;
  readonly #waiters: Array<() => void> = [];

  constructor(readonly size: number) {}

  get used(): number {
    return this.#used;
  }

  /** Resolves once a slot is taken for the caller. */
  acquire(): Promise<void> {
    if (this.#used < this.size) {
      this.#used++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Give a slot back: the longest waiter gets it. */
  release(): void {
    const next = this.#waiters.shift();
    if (next) next();
    else this.#used--;
  }
}
