/**
 * Holds a test server's responses until the test releases them, so a test can
 * observe how many requests are in flight at once without timing anything.
 */
import type { ServerResponse } from 'node:http';

export class ResponseGate {
  /** While false, responses are answered at once. */
  holding = false;
  readonly held: ServerResponse[] = [];
  maxHeld = 0;
  #notify: (() => void) | null = null;

  constructor(private readonly reply: (res: ServerResponse) => void) {}

  handle(res: ServerResponse): void {
    if (!this.holding) {
      this.reply(res);
      return;
    }
    this.held.push(res);
    this.maxHeld = Math.max(this.maxHeld, this.held.length);
    this.#notify?.();
  }

  /** Resolves once `count` responses are held. */
  whenHeld(count: number): Promise<void> {
    if (this.held.length >= count) return Promise.resolve();
    return new Promise((resolve) => {
      this.#notify = () => {
        if (this.held.length < count) return;
        this.#notify = null;
        resolve();
      };
    });
  }

  release(): void {
    for (const res of this.held.splice(0)) this.reply(res);
  }
}
