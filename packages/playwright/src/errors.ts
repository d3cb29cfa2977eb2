/**
 * Playwright's failures as the crawl's download errors: a timeout is a
 * `DownloadTimeoutError`, Chromium's network errors keep the wire-level code
 * the retry middleware knows (`net::ERR_CONNECTION_REFUSED` → `ECONNREFUSED`),
 * and a page lost with its browser is marked retryable.
 */
import { DownloadError, DownloadTimeoutError, type Request } from '@arachne/core';

const NET_ERROR_CODES: Record<string, string> = {
  ERR_CONNECTION_REFUSED: 'ECONNREFUSED',
  ERR_CONNECTION_RESET: 'ECONNRESET',
  ERR_CONNECTION_CLOSED: 'ECONNRESET',
  ERR_EMPTY_RESPONSE: 'ECONNRESET',
  ERR_CONNECTION_ABORTED: 'ECONNABORTED',
  ERR_CONNECTION_TIMED_OUT: 'ETIMEDOUT',
  ERR_TIMED_OUT: 'ETIMEDOUT',
  ERR_NAME_NOT_RESOLVED: 'ENOTFOUND',
  ERR_ADDRESS_UNREACHABLE: 'EHOSTUNREACH',
  ERR_NETWORK_CHANGED: 'ENETRESET',
  ERR_INTERNET_DISCONNECTED: 'ENETUNREACH',
};

export interface FailureCircumstances {
  /** The page's browser crashed or was killed. */
  crashed: boolean;
  /** Seconds of `meta.download_timeout` that ran out, if that is why the page was closed. */
  deadline: number | null;
}

export function renderError(error: unknown, request: Request, circumstances: FailureCircumstances): Error {
  if (error instanceof DownloadError) return error;
  const message = firstLine(error);
  if (circumstances.deadline !== null) {
    return new DownloadTimeoutError(`Rendering ${request.url} took longer than ${circumstances.deadline} seconds`, request.url, { cause: error });
  }
  if (circumstances.crashed) {
    return new DownloadError(`The browser crashed while rendering ${request.url}`, request.url, { cause: error, code: 'ERR_BROWSER_CRASHED', retryable: true });
  }
  if (error instanceof Error && error.name === 'TimeoutError') return new DownloadTimeoutError(`Rendering ${request.url}: ${message}`, request.url, { cause: error });
  const net = /net::(ERR_[A-Z_]+)/.exec(message)?.[1];
  if (net) {
    const code = NET_ERROR_CODES[net] ?? net;
    return new DownloadError(`${code} while rendering ${request.url}: ${message}`, request.url, { cause: error, code });
  }
  return new DownloadError(`Rendering ${request.url} failed: ${message}`, request.url, { cause: error, code: 'ERR_PLAYWRIGHT' });
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]!.trim();
}
