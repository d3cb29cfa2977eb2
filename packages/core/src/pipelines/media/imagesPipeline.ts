/**
 * Scrapy's `ImagesPipeline`: a FilesPipeline for the images an item names in
 * `imageUrls` (IMAGES_URLS_FIELD), recorded in `images`
 * (IMAGES_RESULT_FIELD). Each image is stored as JPEG under IMAGES_STORE at
 * `full/<SHA-1 of the URL>.jpg` (transparency flattened on white; a JPEG is
 * kept as downloaded), with a thumbnail per IMAGES_THUMBS entry at
 * `thumbs/<name>/<SHA-1>.jpg` (fitted inside the size, never enlarged); an
 * image smaller than IMAGES_MIN_WIDTH × IMAGES_MIN_HEIGHT is left out.
 *
 * Images are decoded and encoded with sharp (libvips), an optional dependency
 * of @arachne/core loaded when the pipeline is built.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type SharpConstructor from 'sharp';
import type { CrawlerContext } from '../../component/context.js';
import type { Request } from '../../http/request.js';
import type { Response } from '../../http/response.js';
import { SettingsError } from '../../errors.js';
import type { Settings } from '../../settings/settings.js';
import { FileException, FilesPipeline, md5, type MediaSettings } from './filesPipeline.js';

type Sharp = typeof SharpConstructor;
/** Thumbnail name → [width, height] it must fit in. */
export type ImageThumbs = Readonly<Record<string, readonly [number, number]>>;

/** PIL's default JPEG quality, which Scrapy's images are saved with. */
const JPEG_QUALITY = 75;

export class ImagesPipeline extends FilesPipeline {
  protected override readonly mediaName: string = 'image';
  readonly minWidth: number;
  readonly minHeight: number;
  readonly thumbs: ImageThumbs;
  readonly #sharp: Sharp;

  constructor(crawler: CrawlerContext) {
    super(crawler);
    const { settings } = crawler;
    this.minWidth = settings.get('IMAGES_MIN_WIDTH');
    this.minHeight = settings.get('IMAGES_MIN_HEIGHT');
    this.thumbs = checkThumbs(settings.get('IMAGES_THUMBS'));
    this.#sharp = loadSharp(this.constructor.name);
  }

  /** IMAGES_STORE, IMAGES_EXPIRES, IMAGES_URLS_FIELD, IMAGES_RESULT_FIELD. */
  protected override readSettings(settings: Settings): MediaSettings {
    return {
      storeSetting: 'IMAGES_STORE',
      store: settings.get('IMAGES_STORE'),
      expiresDays: settings.get('IMAGES_EXPIRES'),
      urlsField: settings.get('IMAGES_URLS_FIELD'),
      resultField: settings.get('IMAGES_RESULT_FIELD'),
    };
  }

  /** `full/<SHA-1 of the URL>.jpg`. */
  override filePath(request: Request): string {
    return `full/${sha1(request.url)}.jpg`;
  }

  /** `thumbs/<name>/<SHA-1 of the URL>.jpg`. */
  thumbPath(request: Request, thumbName: string): string {
    return `thumbs/${thumbName}/${sha1(request.url)}.jpg`;
  }

  /** Checks the size, stores the image as JPEG and its thumbnails; returns the stored image's checksum. */
  override async fileDownloaded(response: Response, request: Request): Promise<string> {
    let width: number | undefined;
    let height: number | undefined;
    try {
      ({ width, height } = await this.#sharp(response.body).metadata());
    } catch (error) {
      throw new FileException(`Cannot read the image: ${(error as Error).message}`);
    }
    if (width === undefined || height === undefined) throw new FileException('Cannot read the image: no size');
    if (width < this.minWidth || height < this.minHeight) {
      throw new FileException(`Image too small (${width}x${height} < ${this.minWidth}x${this.minHeight})`);
    }
    const image = await this.convertImage(response.body);
    await this.store.persistFile(this.filePath(request), image, { contentType: 'image/jpeg', width, height });
    for (const [name, size] of Object.entries(this.thumbs)) {
      const thumb = await this.convertImage(image, size);
      await this.store.persistFile(this.thumbPath(request, name), thumb, { contentType: 'image/jpeg' });
    }
    return md5(image);
  }

  /**
   * The image as JPEG, as Scrapy converts it: transparency on a white
   * background, RGB; fitted inside `size` (never enlarged) when one is given.
   * A JPEG that needs no resizing is kept byte for byte.
   */
  async convertImage(body: Buffer, size?: readonly [number, number]): Promise<Buffer> {
    const image = this.#sharp(body);
    if (!size && (await image.metadata()).format === 'jpeg') return body;
    let pipeline = image.flatten({ background: '#ffffff' }).toColourspace('srgb');
    if (size) pipeline = pipeline.resize(size[0], size[1], { fit: 'inside', withoutEnlargement: true });
    return pipeline.jpeg({ quality: JPEG_QUALITY }).toBuffer();
  }
}

function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

function checkThumbs(thumbs: unknown): ImageThumbs {
  const valid =
    typeof thumbs === 'object' && thumbs !== null && !Array.isArray(thumbs) &&
    Object.values(thumbs).every((size) => Array.isArray(size) && size.length === 2 && size.every((side) => Number.isInteger(side) && side > 0));
  if (!valid) throw new SettingsError(`IMAGES_THUMBS must map a thumbnail name to [width, height], such as { small: [50, 50], big: [270, 270] }, got ${JSON.stringify(thumbs)}`);
  return thumbs as ImageThumbs;
}

/** sharp, loaded on demand: it is an optional dependency, with a native binary per platform. */
function loadSharp(pipeline: string): Sharp {
  try {
    return createRequire(import.meta.url)('sharp') as Sharp;
  } catch (error) {
    throw new Error(`${pipeline} needs the sharp package to read and write images, and it cannot be loaded (${(error as Error).message.split('\n')[0]}); install it with: pnpm add sharp`, { cause: error });
  }
}
