/** Built-in item pipelines (none enabled by default) and their orders in `ITEM_PIPELINES_BASE`. */
import type { BuiltinTable } from '../settings/components.js';

export const BUILTIN_ITEM_PIPELINES: BuiltinTable = {};
