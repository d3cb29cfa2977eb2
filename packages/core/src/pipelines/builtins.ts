/**
 * Built-in item pipelines, by the names settings use: ITEM_PIPELINES_BASE
 * enables ItemValidationPipeline; `ITEM_PIPELINES: { FilesPipeline: 1 }`
 * enables a media pipeline.
 */
import type { ComponentClass } from '../component/context.js';
import { ItemValidationPipeline } from './itemValidation.js';
import { FilesPipeline } from './media/filesPipeline.js';
import { ImagesPipeline } from './media/imagesPipeline.js';

export const BUILTIN_ITEM_PIPELINES: Readonly<Record<string, ComponentClass>> = {
  ItemValidationPipeline,
  FilesPipeline,
  ImagesPipeline,
};
