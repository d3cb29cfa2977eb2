/** Case-insensitive, multi-valued HTTP headers (names kept as first written). */
export type HeadersInit = Headers | Record<string, string | number | readonly string[] | undefined> | Iterable<readonly [string, string]>;

export class Headers {
  readonly #map = new Map<string, { name: string; values: string[] }>();

  constructor(init?: HeadersInit) {
    if (!init) return;
    if (init instanceof Headers) {
      for (const [key, entry] of init.#map) this.#map.set(key, { name: entry.name, values: [...entry.values] });
    } else if (Symbol.iterator in init) {
      for (const [name, value] of init as Iterable<readonly [string, string]>) this.append(name, value);
    } else {
      for (const [name, value] of Object.entries(init)) {
        if (value === undefined) continue;
        if (Array.isArray(value)) for (const item of value) this.append(name, item);
        else this.append(name, String(value));
      }
    }
  }

  /** The last value of a header, or null: Scrapy's `headers.get`, so a repeated header reads as its final value. */
  get(name: string): string | null {
    return this.#map.get(name.toLowerCase())?.values.at(-1) ?? null;
  }

  getAll(name: string): string[] {
    return [...(this.#map.get(name.toLowerCase())?.values ?? [])];
  }

  has(name: string): boolean {
    return this.#map.has(name.toLowerCase());
  }

  set(name: string, value: string | number): this {
    this.#map.set(name.toLowerCase(), { name, values: [String(value)] });
    return this;
  }

  /** Set only when absent (as Scrapy's `headers.setdefault`). */
  setDefault(name: string, value: string): this {
    if (!this.has(name)) this.set(name, value);
    return this;
  }

  append(name: string, value: string): this {
    const entry = this.#map.get(name.toLowerCase());
    if (entry) entry.values.push(value);
    else this.#map.set(name.toLowerCase(), { name, values: [value] });
    return this;
  }

  delete(name: string): boolean {
    return this.#map.delete(name.toLowerCase());
  }

  get size(): number {
    return this.#map.size;
  }

  *[Symbol.iterator](): IterableIterator<[string, string]> {
    for (const { name, values } of this.#map.values()) for (const value of values) yield [name, value];
  }

  /** For HTTP clients: one key per header, arrays for repeated headers. */
  toObject(): Record<string, string | string[]> {
    const out: Record<string, string | string[]> = {};
    for (const { name, values } of this.#map.values()) out[name] = values.length === 1 ? values[0]! : [...values];
    return out;
  }
}
