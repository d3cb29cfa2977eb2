/**
 * The HTTP cache on disk, one directory per request fingerprint:
 * `<dir>/<spider>/<fp[0:2]>/<fp>/` holding `meta.json` (request URL and
 * method, status, response URL and headers, timestamp, body file name) and
 * the body file it names. Every file is written under a temporary name and
 * renamed into place, the body before `meta.json`, and a new body never
 * overwrites the one `meta.json` still names: an entry killed halfway reads
 * as the old entry or as a miss, never as a mix.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Headers } from '../../../http/headers.js';
import type { Request } from '../../../http/request.js';
import type { Response } from '../../../http/response.js';
import { buildResponse } from '../../../http/responseTypes.js';
import { requestFingerprint } from '../../../scheduler/fingerprint.js';
import type { Spider } from '../../../spiders/spider.js';

/** Where cached responses live (a disk directory here; a database could implement the same). */
export interface CacheStorage {
  /** The stored response, flagged `cached`, or null when absent or expired. */
  retrieveResponse(spider: Spider, request: Request): Promise<Response | null>;
  storeResponse(spider: Spider, request: Request, response: Response): Promise<void>;
}

/** The contents of `meta.json`. */
export interface CacheEntryMeta {
  url: string;
  method: string;
  status: number;
  responseUrl: string;
  headers: Array<[string, string]>;
  /** Seconds since the epoch when stored; `HTTPCACHE_EXPIRATION_SECS` counts from here. */
  timestamp: number;
  /** Name of the body file in the entry directory. */
  body: string;
}

export interface FilesystemCacheOptions {
  /** Absolute cache directory. */
  dir: string;
  /** Entries older than this many seconds are misses; 0 keeps them forever. */
  expirationSecs: number;
  /** Seconds since the epoch; tests pass a fixed clock. */
  now?: () => number;
}

const META_FILE = 'meta.json';

export class FilesystemCacheStorage implements CacheStorage {
  readonly dir: string;
  readonly #expirationSecs: number;
  readonly #now: () => number;
  /** Stores in progress by entry directory: a second store of one entry waits for the first. */
  readonly #writing = new Map<string, Promise<void>>();

  constructor({ dir, expirationSecs, now = () => Date.now() / 1000 }: FilesystemCacheOptions) {
    this.dir = dir;
    this.#expirationSecs = expirationSecs;
    this.#now = now;
  }

  /** The entry directory of a request. */
  entryDir(spider: Spider, request: Request): string {
    const fp = requestFingerprint(request);
    return path.join(this.dir, spider.name, fp.slice(0, 2), fp);
  }

  async retrieveResponse(spider: Spider, request: Request): Promise<Response | null> {
    const dir = this.entryDir(spider, request);
    const meta = await readMeta(dir);
    if (!meta) return null;
    if (this.#expirationSecs > 0 && this.#now() - meta.timestamp > this.#expirationSecs) return null;
    const body = await readIfExists(path.join(dir, meta.body));
    if (!body) return null;
    return buildResponse({
      url: meta.responseUrl,
      status: meta.status,
      headers: new Headers(meta.headers),
      body,
      request,
      flags: ['cached'],
    });
  }

  async storeResponse(spider: Spider, request: Request, response: Response): Promise<void> {
    const dir = this.entryDir(spider, request);
    const previous = this.#writing.get(dir);
    const writing = (previous ? previous.catch(() => undefined) : Promise.resolve()).then(() => this.#write(dir, request, response));
    this.#writing.set(dir, writing);
    try {
      await writing;
    } finally {
      if (this.#writing.get(dir) === writing) this.#writing.delete(dir);
    }
  }

  async #write(dir: string, request: Request, response: Response): Promise<void> {
    await fs.mkdir(dir, { recursive: true });
    const bodyName = `body-${randomBytes(6).toString('hex')}`;
    await writeAtomically(path.join(dir, bodyName), response.body);
    const meta: CacheEntryMeta = {
      url: request.url,
      method: request.method,
      status: response.status,
      responseUrl: response.url,
      headers: [...response.headers],
      timestamp: this.#now(),
      body: bodyName,
    };
    await writeAtomically(path.join(dir, META_FILE), JSON.stringify(meta));
    await removeOtherBodies(dir);
  }
}

async function readMeta(dir: string): Promise<CacheEntryMeta | null> {
  const text = await readIfExists(path.join(dir, META_FILE));
  if (!text) return null;
  try {
    return JSON.parse(text.toString('utf8')) as CacheEntryMeta;
  } catch {
    return null;
  }
}

async function readIfExists(file: string): Promise<Buffer | null> {
  try {
    return await fs.readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

async function writeAtomically(file: string, data: Buffer | string): Promise<void> {
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  await fs.writeFile(temporary, data);
  await fs.rename(temporary, file);
}

/** Delete bodies replaced by a newer store, and temporary files left by a killed one, keeping the body `meta.json` names now. */
async function removeOtherBodies(dir: string): Promise<void> {
  const current = (await readMeta(dir))?.body;
  for (const name of await fs.readdir(dir)) {
    if (name !== META_FILE && name !== current) await fs.rm(path.join(dir, name), { force: true });
  }
}
