/**
 * Where the media pipelines keep what they download, as Scrapy's
 * `FilesStore`s: a small interface (store a file, tell a stored file's age
 * and checksum) so a store elsewhere (S3, a database) can replace the local
 * folder; `FilesPipeline.storeSchemes` maps a `FILES_STORE` URI scheme to one.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** What a stored file is: when it was written (ms since the epoch), and its MD5 checksum. */
export interface StoredFile {
  lastModified: number;
  checksum: string | null;
}

/** What a store is told about a file it persists. */
export interface PersistMeta {
  contentType?: string;
  width?: number;
  height?: number;
}

export interface FilesStore {
  /** Store `body` under `filePath` (a relative path such as `full/<sha1>.jpg`). */
  persistFile(filePath: string, body: Buffer, meta?: PersistMeta): Promise<void>;
  /** The stored file at `filePath`, or null when there is none. */
  statFile(filePath: string): Promise<StoredFile | null>;
}

/** A store built from the `FILES_STORE` / `IMAGES_STORE` value. */
export type FilesStoreClass = new (uri: string, baseDir: string) => FilesStore;

/** A local folder: a path (relative to the project folder) or a `file://` URI. */
export class FSFilesStore implements FilesStore {
  readonly basedir: string;

  constructor(uri: string, baseDir: string) {
    const folder = uri.startsWith('file://') ? new URL(uri).pathname : uri;
    this.basedir = path.resolve(baseDir, folder);
  }

  async persistFile(filePath: string, body: Buffer): Promise<void> {
    const target = this.#resolve(filePath);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, body);
  }

  async statFile(filePath: string): Promise<StoredFile | null> {
    const target = this.#resolve(filePath);
    try {
      const [info, body] = await Promise.all([stat(target), readFile(target)]);
      return { lastModified: info.mtimeMs, checksum: createHash('md5').update(body).digest('hex') };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  /** A path inside the store; one that climbs out of it (`../`) is refused. */
  #resolve(filePath: string): string {
    const target = path.resolve(this.basedir, filePath);
    if (target !== this.basedir && !target.startsWith(this.basedir + path.sep)) throw new Error(`file path ${JSON.stringify(filePath)} is outside the store ${this.basedir}`);
    return target;
  }
}
