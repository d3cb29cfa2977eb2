/**
 * The crawl's signal bus (Scrapy's set, camelCased) on eventemitter3. Every
 * payload is typed; listeners may be async where the sender awaits them
 * (spiderOpened, spiderIdle and engineStopped at once; spiderClosed one
 * listener at a time, in the order they were connected).
 */
import { EventEmitter } from 'eventemitter3';
import type { Request } from '../http/request.js';
import type { Response } from '../http/response.js';
import type { SpiderAttributes as Spider } from '../spiders/spiderAttributes.js';

export interface SignalPayloads {
  engineStarted: Record<string, never>;
  engineStopped: Record<string, never>;
  spiderOpened: { spider: Spider };
  spiderIdle: { spider: Spider };
  spiderClosed: { spider: Spider; reason: string };
  spiderError: { failure: unknown; response: Response; spider: Spider };
  requestScheduled: { request: Request; spider: Spider };
  requestDropped: { request: Request; spider: Spider; reason: string };
  requestReachedDownloader: { request: Request; spider: Spider };
  requestLeftDownloader: { request: Request; spider: Spider };
  responseReceived: { response: Response; request: Request; spider: Spider };
  responseDownloaded: { response: Response; request: Request; spider: Spider };
  headersReceived: { headers: Record<string, string | string[] | undefined>; status: number; request: Request; spider: Spider };
  bytesReceived: { data: Buffer; request: Request; spider: Spider };
  itemScraped: { item: unknown; response: Response | null; spider: Spider };
  itemDropped: { item: unknown; response: Response | null; exception: Error; spider: Spider };
  itemError: { item: unknown; response: Response | null; failure: unknown; spider: Spider };
}
export type SignalName = keyof SignalPayloads;
type Listener<K extends SignalName> = (payload: SignalPayloads[K]) => unknown;

export class SignalManager {
  readonly #emitter = new EventEmitter();

  /** `report` receives errors thrown by listeners (the crawler logs them). */
  constructor(private readonly report: (message: string, error: unknown) => void) {}

  on<K extends SignalName>(signal: K, listener: Listener<K>): () => void {
    this.#emitter.on(signal, listener);
    return () => this.#emitter.off(signal, listener);
  }

  off<K extends SignalName>(signal: K, listener: Listener<K>): void {
    this.#emitter.off(signal, listener);
  }

  hasListeners(signal: SignalName): boolean {
    return this.#emitter.listenerCount(signal) > 0;
  }

  /** Call every listener; a throwing listener is logged and does not stop the others. */
  send<K extends SignalName>(signal: K, payload: SignalPayloads[K]): void {
    if (this.#emitter.listenerCount(signal) === 0) return;
    for (const listener of this.#emitter.listeners(signal)) {
      try {
        const result = (listener as Listener<K>)(payload);
        if (isThenable(result)) result.then(undefined, (error: unknown) => this.#logFailure(signal, error));
      } catch (error) {
        this.#logFailure(signal, error);
      }
    }
  }

  /**
   * Call every listener and wait for the async ones. Errors are logged, except
   * those the caller asked to see (e.g. DontCloseSpider from spiderIdle).
   */
  async sendAsync<K extends SignalName>(signal: K, payload: SignalPayloads[K], rethrow?: (error: unknown) => boolean): Promise<unknown[]> {
    const raised: unknown[] = [];
    await Promise.all(
      this.#emitter.listeners(signal).map(async (listener) => {
        try {
          await (listener as Listener<K>)(payload);
        } catch (error) {
          if (rethrow?.(error)) raised.push(error);
          else this.#logFailure(signal, error);
        }
      }),
    );
    return raised;
  }

  /** Call the listeners one after another, each awaited; errors are logged and the next listener still runs. */
  async sendInTurn<K extends SignalName>(signal: K, payload: SignalPayloads[K]): Promise<void> {
    for (const listener of this.#emitter.listeners(signal)) {
      try {
        await (listener as Listener<K>)(payload);
      } catch (error) {
        this.#logFailure(signal, error);
      }
    }
  }

  #logFailure(signal: string, error: unknown): void {
    this.report(`error in a ${signal} signal handler`, error);
  }
}

export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
