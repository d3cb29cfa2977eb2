/**
 * The exceptions a user raises or catches, named as in Scrapy. Each carries a
 * stable `code` so logs, stats and tests need not match on message text.
 */
import type { StandardSchemaV1 } from '@standard-schema/spec';

export class ArachneError extends Error {
  readonly code: string = 'ERR_ARACHNE';
  constructor(message = '', options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A component (middleware, pipeline, extension) declines to run with these settings. */
export class NotConfigured extends ArachneError {
  override readonly code = 'ERR_NOT_CONFIGURED';
}

/**
 * Drop a request from a downloader middleware. `reason` is machine-readable
 * (`offsite`, `robotstxt`, ...): it goes to the `requestDropped` signal and stats.
 */
export class IgnoreRequest extends ArachneError {
  override readonly code: string = 'ERR_IGNORE_REQUEST';
  readonly reason: string;
  constructor(message = 'request ignored', options?: { reason?: string; cause?: unknown }) {
    super(message, options);
    this.reason = options?.reason ?? 'ignored';
  }
}

/**
 * Drop an item from an item pipeline. `reason` is machine-readable: it is
 * counted as `item_dropped_reasons_count/<reason>` (default: the error's class
 * name, as Scrapy counts it).
 */
export class DropItem extends ArachneError {
  override readonly code: string = 'ERR_DROP_ITEM';
  readonly reason: string;
  constructor(message = '', options?: { reason?: string; cause?: unknown }) {
    super(message, options);
    this.reason = options?.reason ?? this.name;
  }
}

/** An item that does not pass the spider's `itemSchema`: dropped, counted as `item_dropped_reasons_count/validation`. */
export class ItemValidationError extends DropItem {
  override readonly code = 'ERR_ITEM_VALIDATION';
  constructor(message: string, readonly issues: ReadonlyArray<StandardSchemaV1.Issue>) {
    super(message, { reason: 'validation' });
  }
}

/** `FormRequest.fromResponse` found no form, or no button, matching what it was asked for. */
export class FormError extends ArachneError {
  override readonly code = 'ERR_FORM';
}

/** Raise from a callback to stop the crawl with `reason`. */
export class CloseSpider extends ArachneError {
  override readonly code = 'ERR_CLOSE_SPIDER';
  constructor(readonly reason = 'cancelled') {
    super(`spider closed: ${reason}`);
  }
}

/** Raise from a `spiderIdle` listener to keep the spider open. */
export class DontCloseSpider extends ArachneError {
  override readonly code = 'ERR_DONT_CLOSE_SPIDER';
}

/** A setting has an unknown key or a value of the wrong type. */
export class SettingsError extends ArachneError {
  override readonly code = 'ERR_SETTINGS';
}

/** Raised by `Spider.parse` when a spider defines no callback for a response. */
export class NotImplementedCallback extends ArachneError {
  override readonly code = 'ERR_NO_CALLBACK';
}

/** The download of a request failed: the cause names what went wrong on the wire. */
export class DownloadError extends ArachneError {
  override readonly code: string = 'ERR_DOWNLOAD';
  constructor(message: string, readonly url: string, options?: { cause?: unknown; code?: string }) {
    super(message, options);
    if (options?.code) Object.defineProperty(this, 'code', { value: options.code });
  }
}

export class DownloadTimeoutError extends DownloadError {
  override readonly code = 'ERR_DOWNLOAD_TIMEOUT';
}

/** The body (after decompression) is larger than `DOWNLOAD_MAXSIZE`. */
export class DownloadMaxSizeError extends DownloadError {
  override readonly code = 'ERR_DOWNLOAD_MAXSIZE';
}

/** Short, stable name of an error for stats keys and the error summary. */
export function errorTypeName(error: unknown): string {
  if (error instanceof DownloadError && !error.code.startsWith('ERR_')) return `${error.name}/${error.code}`;
  if (error instanceof Error) return error.name;
  return typeof error;
}

/** A URL that cannot be requested (no scheme, unparsable). A TypeError, as a wrong argument is. */
export class InvalidUrlError extends TypeError {
  readonly code = 'ERR_INVALID_URL';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InvalidUrlError';
  }
}
