/** Crawl statistics under Scrapy's key names (`downloader/request_count`, `item_scraped_count`, ...). */
export type StatValue = number | string | Date;

export class StatsCollector {
  #stats = new Map<string, StatValue>();

  getValue<T extends StatValue = number>(key: string): T | undefined;
  getValue<T extends StatValue = number>(key: string, fallback: T): T;
  getValue(key: string, fallback?: StatValue): StatValue | undefined {
    return this.#stats.get(key) ?? fallback;
  }

  setValue(key: string, value: StatValue): void {
    this.#stats.set(key, value);
  }

  incValue(key: string, count = 1, start = 0): void {
    const current = this.#stats.get(key);
    this.#stats.set(key, (typeof current === 'number' ? current : start) + count);
  }

  maxValue(key: string, value: number): void {
    const current = this.#stats.get(key);
    if (typeof current !== 'number' || value > current) this.#stats.set(key, value);
  }

  minValue(key: string, value: number): void {
    const current = this.#stats.get(key);
    if (typeof current !== 'number' || value < current) this.#stats.set(key, value);
  }

  getStats(): Record<string, StatValue> {
    return Object.fromEntries([...this.#stats].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  clear(): void {
    this.#stats.clear();
  }
}
