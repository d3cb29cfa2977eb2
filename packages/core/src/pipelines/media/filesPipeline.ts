/**
 * Scrapy's `FilesPipeline`: downloads the files an item names in
 * `fileUrls` (FILES_URLS_FIELD) through the crawl's downloader (its
 * middlewares, per-domain politeness and retries), stores each under
 * FILES_STORE as `full/<SHA-1 of the URL><extension>`, and records in
 * `files` (FILES_RESULT_FIELD) `{ url, path, checksum, status }` for each
 * file that worked, in the order of the URLs. A file stored less than
 * FILES_EXPIRES days ago is not downloaded again (`status: 'uptodate'`); one
 * that came from the HTTP cache is `'cached'`. A URL that fails is logged at
 * WARNING and left out; the item goes on. The same URL in several items is
 * downloaded once per crawl.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import mime from 'mime-types';
import type { CrawlerContext } from '../../component/context.js';
import type { Logger } from '../../engine/logger.js';
import type { StatsCollector } from '../../engine/stats.js';
import { Request } from '../../http/request.js';
import type { Response } from '../../http/response.js';
import { IgnoreRequest, SettingsError } from '../../errors.js';
import { requestFingerprint } from '../../scheduler/fingerprint.js';
import type { Settings } from '../../settings/settings.js';
import type { ItemPipeline } from '../pipelineManager.js';
import { FSFilesStore, type FilesStore, type FilesStoreClass } from './filesStore.js';

/** What the result field holds for each stored file. */
export interface FileResult {
  url: string;
  /** The path inside the store (`full/<sha1>.pdf`). */
  path: string;
  /** MD5 of the stored content. */
  checksum: string | null;
  status: 'downloaded' | 'uptodate' | 'cached';
}

/** A file that could not be had; its message is what the log says. */
export class FileException extends Error {
  override name = 'FileException';
}

/** The settings a media pipeline reads (FILES_* for files, IMAGES_* for images). */
export interface MediaSettings {
  storeSetting: string;
  store: string | null;
  expiresDays: number;
  urlsField: string;
  resultField: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export class FilesPipeline implements ItemPipeline {
  /** The store for each URI scheme of FILES_STORE (a plain path is a local folder); a subclass may add its own. */
  static storeSchemes: Readonly<Record<string, FilesStoreClass>> = { file: FSFilesStore };
  /** What the logs call the media (`file`, `image`). */
  protected readonly mediaName: string = 'file';
  readonly store: FilesStore;
  readonly urlsField: string;
  readonly resultField: string;
  readonly expiresDays: number;
  protected readonly crawler: CrawlerContext;
  protected readonly logger: Logger;
  readonly #stats: StatsCollector;
  readonly #allowRedirects: boolean;
  /** Fingerprint → the outcome of its download, shared by the items naming the same URL. */
  readonly #results = new Map<string, Promise<FileResult | null>>();

  constructor(crawler: CrawlerContext) {
    const { settings } = crawler;
    const config = this.readSettings(settings);
    const name = this.constructor.name;
    if (!config.store) throw new SettingsError(`${name} needs ${config.storeSetting}: the folder to store the downloads in (a path, relative to the project, or a file:// URI)`);
    this.crawler = crawler;
    this.logger = crawler.logger.child(name);
    this.#stats = crawler.stats;
    this.#allowRedirects = settings.get('MEDIA_ALLOW_REDIRECTS');
    this.urlsField = config.urlsField;
    this.resultField = config.resultField;
    this.expiresDays = config.expiresDays;
    this.store = this.createStore(config.store, settings.baseDir, config.storeSetting);
  }

  /** FILES_STORE, FILES_EXPIRES, FILES_URLS_FIELD, FILES_RESULT_FIELD. */
  protected readSettings(settings: Settings): MediaSettings {
    return {
      storeSetting: 'FILES_STORE',
      store: settings.get('FILES_STORE'),
      expiresDays: settings.get('FILES_EXPIRES'),
      urlsField: settings.get('FILES_URLS_FIELD'),
      resultField: settings.get('FILES_RESULT_FIELD'),
    };
  }

  protected createStore(uri: string, baseDir: string, setting: string): FilesStore {
    const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(uri)?.[1]?.toLowerCase() ?? 'file';
    const schemes = (this.constructor as typeof FilesPipeline).storeSchemes;
    const Store = schemes[scheme];
    if (!Store) throw new SettingsError(`${setting}: no store for "${scheme}://" URIs (known: ${Object.keys(schemes).join(', ')}); add one to ${this.constructor.name}.storeSchemes`);
    return new Store(uri, baseDir);
  }

  async processItem(item: object): Promise<object> {
    const requests = this.getMediaRequests(item);
    const results = await Promise.all(requests.map((request) => this.#result(request, item)));
    return this.itemCompleted(results.filter((result): result is FileResult => result !== null), item);
  }

  /** The requests for the item's URLs (a list in `urlsField`; none when the field is missing). */
  getMediaRequests(item: object): Request[] {
    const urls = (item as Record<string, unknown>)[this.urlsField];
    if (urls === undefined || urls === null) return [];
    if (!Array.isArray(urls) || !urls.every((url) => typeof url === 'string')) {
      throw new TypeError(`${this.constructor.name}: the item's "${this.urlsField}" must be a list of URLs, got ${JSON.stringify(urls)}`);
    }
    const requests: Request[] = [];
    for (const url of urls as string[]) {
      try {
        requests.push(new Request(url));
      } catch (error) {
        this.logger.warning(`${capitalize(this.mediaName)} (invalid-url): cannot download ${JSON.stringify(url)}: ${(error as Error).message}`);
        this.#stats.incValue('file_status_count/invalid-url');
      }
    }
    return requests;
  }

  /** Sets the result field to the files that were stored. */
  itemCompleted(results: FileResult[], item: object): object {
    (item as Record<string, unknown>)[this.resultField] = results;
    return item;
  }

  /** `full/<SHA-1 of the URL><extension>`: the URL's own extension when it is a known one, as Scrapy names files. */
  filePath(request: Request, _response?: Response, _item?: object): string {
    const guid = createHash('sha1').update(request.url).digest('hex');
    // As Python's Path(url).suffix: the last segment's extension, query and all, kept only if known.
    const suffix = path.posix.extname(request.url.slice(request.url.lastIndexOf('/') + 1));
    return `full/${guid}${suffix !== '' && mime.lookup(suffix) !== false ? suffix : ''}`;
  }

  /** Stores the downloaded file; returns its checksum. ImagesPipeline converts images here. */
  async fileDownloaded(response: Response, request: Request, item: object): Promise<string> {
    await this.store.persistFile(this.filePath(request, response, item), response.body);
    return md5(response.body);
  }

  /** The file's outcome, downloading it only once per crawl. */
  #result(request: Request, item: object): Promise<FileResult | null> {
    const fingerprint = requestFingerprint(request);
    let result = this.#results.get(fingerprint);
    if (result === undefined) {
      result = this.#fetch(request, item);
      this.#results.set(fingerprint, result);
    }
    return result;
  }

  async #fetch(request: Request, item: object): Promise<FileResult | null> {
    const fresh = await this.#upToDate(request, item);
    if (fresh) return fresh;
    const media = this.#allowRedirects ? request : request.replace({ meta: { ...request.meta, handle_httpstatus_all: true } });
    let response: Response;
    try {
      response = await this.crawler.engine.download(media);
    } catch (error) {
      if (!(error instanceof IgnoreRequest)) this.logger.warning(`${capitalize(this.mediaName)} (unknown-error): Error downloading ${this.mediaName} from ${request} referred in <${referer(request)}>: ${(error as Error).message ?? String(error)}`);
      return null;
    }
    return this.#downloaded(response, request, item);
  }

  async #upToDate(request: Request, item: object): Promise<FileResult | null> {
    const filePath = this.filePath(request, undefined, item);
    let stored;
    try {
      stored = await this.store.statFile(filePath);
    } catch (error) {
      this.logger.error(`${this.constructor.name}.store.statFile`, error);
      return null;
    }
    if (!stored || Date.now() - stored.lastModified > this.expiresDays * DAY_MS) return null;
    this.logger.debug(`File (uptodate): Downloaded ${this.mediaName} from ${request} referred in <${referer(request)}>`);
    this.#count('uptodate');
    return { url: request.url, path: filePath, checksum: stored.checksum, status: 'uptodate' };
  }

  async #downloaded(response: Response, request: Request, item: object): Promise<FileResult | null> {
    const where = `${request} referred in <${referer(request)}>`;
    if (response.status !== 200) {
      this.logger.warning(`File (code: ${response.status}): Error downloading ${this.mediaName} from ${where}`);
      return null;
    }
    if (response.body.length === 0) {
      this.logger.warning(`File (empty-content): Empty ${this.mediaName} from ${where}: no-content`);
      return null;
    }
    const status = response.flags.includes('cached') ? 'cached' : 'downloaded';
    this.logger.debug(`File (${status}): Downloaded ${this.mediaName} from ${where}`);
    this.#count(status);
    try {
      const checksum = await this.fileDownloaded(response, request, item);
      return { url: request.url, path: this.filePath(request, response, item), checksum, status };
    } catch (error) {
      if (error instanceof FileException) this.logger.warning(`File (error): Error processing ${this.mediaName} from ${where}: ${error.message}`);
      else this.logger.error(`File (unknown-error): Error processing ${this.mediaName} from ${where}`, error);
      return null;
    }
  }

  #count(status: string): void {
    this.#stats.incValue('file_count');
    this.#stats.incValue(`file_status_count/${status}`);
  }
}

export function md5(body: Buffer): string {
  return createHash('md5').update(body).digest('hex');
}

function referer(request: Request): string {
  return request.headers.get('referer') ?? 'None';
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
