/**
 * Ordered component maps (`DOWNLOADER_MIDDLEWARES`, `ITEM_PIPELINES`, ...), as
 * in Scrapy: a number orders a component, `null` disables it, and the user's
 * map is merged over the built-in `_BASE` map. A component is referred to by
 * a registered name (built-ins), by a `"./file.ts:ExportName"` module path
 * (resolved from the project directory), or — in the tuple and Map forms — by
 * its class.
 */

/** A component class as a setting value (the crawler checks what it builds). */
export type ComponentConstructor = abstract new (...args: any[]) => unknown;
export type ComponentRef = string | ComponentConstructor;
export type ComponentMap =
  | Record<string, number | null>
  | ReadonlyArray<readonly [ComponentRef, number | null]>
  | ReadonlyMap<ComponentRef, number | null>;

export interface ComponentEntry {
  ref: ComponentRef;
  /** `null`: disabled. */
  order: number | null;
}

export function entriesOf(map: ComponentMap): ComponentEntry[] {
  if (map instanceof Map) return [...map.entries()].map(([ref, order]) => ({ ref, order }));
  if (Array.isArray(map)) return map.map(([ref, order]) => ({ ref, order }));
  return Object.entries(map as Record<string, number | null>).map(([ref, order]) => ({ ref, order }));
}

/**
 * Merge the user map over the base map: a later entry for the same component
 * (same name, or a class known under that name per `keyOf`) replaces the
 * earlier one. Enabled entries come first, sorted by order (ties keep the order
 * they were listed in), then the disabled ones.
 */
export function mergeComponentMaps(base: ComponentMap, custom: ComponentMap, keyOf: (ref: ComponentRef) => unknown = (ref) => ref): ComponentEntry[] {
  const merged = new Map<unknown, ComponentEntry>();
  for (const entry of [...entriesOf(base), ...entriesOf(custom)]) {
    const key = keyOf(entry.ref);
    merged.delete(key); // re-insert so a user entry keeps its own position on order ties
    merged.set(key, entry);
  }
  const entries = [...merged.values()];
  const enabled = entries
    .map((entry, index) => ({ entry, index }))
    .filter(({ entry }) => entry.order !== null && entry.order !== undefined)
    .sort((a, b) => a.entry.order! - b.entry.order! || a.index - b.index)
    .map(({ entry }) => entry);
  return [...enabled, ...entries.filter((entry) => entry.order === null || entry.order === undefined)];
}
