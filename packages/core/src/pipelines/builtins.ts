/** Built-in item pipelines, by the names settings use (ITEM_PIPELINES_BASE enables ItemValidationPipeline). */
import type { ComponentClass } from '../component/context.js';
import { ItemValidationPipeline } from './itemValidation.js';

export const BUILTIN_ITEM_PIPELINES: Readonly<Record<string, ComponentClass>> = {
  ItemValidationPipeline,
};
