/** Built-in item pipelines, by the names settings use (none is enabled by default). */
import type { ComponentClass } from '../component/context.js';

export const BUILTIN_ITEM_PIPELINES: Readonly<Record<string, ComponentClass>> = {};
