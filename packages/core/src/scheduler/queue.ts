/**
 * The frontier's storage interface, small enough for a memory queue, a disk
 * store and Redis to implement. Methods may be sync (memory, SQLite) or async
 * (network stores); the scheduler handles both.
 */
import type { Request } from '../http/request.js';

export type MaybePromise<T> = T | Promise<T>;

export interface RequestQueue {
  /** Add a request; higher `priority` pops first, FIFO within a priority. */
  push(request: Request): MaybePromise<void>;
  /** The next request, or null when empty. */
  pop(): MaybePromise<Request | null>;
  /** Requests waiting. */
  readonly size: number;
  close?(): MaybePromise<void>;
}

export interface SeenSet {
  /** Record a fingerprint; true when it was not seen before. */
  add(fingerprint: string): MaybePromise<boolean>;
  readonly size: number;
  close?(): MaybePromise<void>;
}

/** FIFO with O(1) shift: a head index into an array, compacted as it drains. */
class Fifo<T> {
  #items: T[] = [];
  #head = 0;

  get size(): number {
    return this.#items.length - this.#head;
  }

  push(item: T): void {
    this.#items.push(item);
  }

  shift(): T | undefined {
    if (this.#head >= this.#items.length) return undefined;
    const item = this.#items[this.#head];
    this.#items[this.#head++] = undefined as T; // release the reference
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return item;
  }
}

/** In-memory priority queue: one FIFO per priority, priorities kept sorted (there are few). */
export class MemoryPriorityQueue implements RequestQueue {
  readonly #queues = new Map<number, Fifo<Request>>();
  #priorities: number[] = []; // descending
  #size = 0;

  get size(): number {
    return this.#size;
  }

  push(request: Request): void {
    let queue = this.#queues.get(request.priority);
    if (!queue) {
      queue = new Fifo();
      this.#queues.set(request.priority, queue);
      this.#priorities.push(request.priority);
      this.#priorities.sort((a, b) => b - a);
    }
    queue.push(request);
    this.#size++;
  }

  pop(): Request | null {
    while (this.#priorities.length > 0) {
      const priority = this.#priorities[0]!;
      const queue = this.#queues.get(priority)!;
      const request = queue.shift();
      if (request) {
        this.#size--;
        return request;
      }
      this.#queues.delete(priority);
      this.#priorities.shift();
    }
    return null;
  }
}
