/** Where a feed is written, chosen by its URI: a file path or `file://` URI, or stdout (`-`, `stdout:`). */
import type { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { SettingsError } from '../errors.js';
import { FileFeedStorage } from './fileStorage.js';
import { StdoutFeedStorage } from './stdoutStorage.js';

export interface FeedStorage {
  /** Names the storage in stats keys (`feedexport/success_count/FileFeedStorage`), as Scrapy's class names. */
  readonly kind: string;
  open(): Promise<Writable>;
  /** Flush everything written and release the stream; rejects when the output could not be stored. */
  close(): Promise<void>;
}

/** The storage for a (rendered) feed URI; throws a SettingsError for schemes Arachne cannot write to. */
export function createFeedStorage(uri: string, overwrite: boolean): FeedStorage {
  if (uri === '-') return new StdoutFeedStorage();
  const scheme = /^([a-z][a-z0-9+.-]+):/i.exec(uri)?.[1]?.toLowerCase();
  if (scheme === undefined) return new FileFeedStorage(uri, overwrite);
  if (scheme === 'stdout') return new StdoutFeedStorage();
  if (scheme === 'file') {
    try {
      return new FileFeedStorage(uri.startsWith('file://') ? fileURLToPath(uri) : uri.slice('file:'.length), overwrite);
    } catch (error) {
      throw new SettingsError(`feed URI "${uri}" is not a valid file URI`, { cause: error });
    }
  }
  throw new SettingsError(`feed URI "${uri}": unsupported storage "${scheme}:"; feeds go to a file path, a file:// URI, or stdout (- or stdout:)`);
}
