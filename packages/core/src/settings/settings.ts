/**
 * Layered settings, as Scrapy's: each value remembers the priority it was set
 * with, and a lower-priority write never overrides a higher one. Keys are
 * checked against `DEFAULT_SETTINGS`; values are checked against the default's
 * type (strings from `-s KEY=VALUE` are converted).
 */
import { DEFAULT_SETTINGS, type SettingKey, type SettingsValues } from './defaults.js';
import { SettingsError } from '../errors.js';
import { closestName } from './suggest.js';

export const SETTINGS_PRIORITIES = {
  default: 0,
  command: 10,
  project: 20,
  spider: 30,
  cmdline: 40,
} as const;
export type SettingsPriority = keyof typeof SETTINGS_PRIORITIES | number;

const COMPONENT_MAP_KEYS = new Set<string>([
  'DOWNLOADER_MIDDLEWARES', 'DOWNLOADER_MIDDLEWARES_BASE', 'SPIDER_MIDDLEWARES', 'SPIDER_MIDDLEWARES_BASE',
  'ITEM_PIPELINES', 'ITEM_PIPELINES_BASE', 'EXTENSIONS', 'EXTENSIONS_BASE',
]);
/** Lists of numbers; named here because an empty default does not tell its item type. */
const NUMBER_LIST_KEYS = new Set<string>(['RETRY_HTTP_CODES', 'HTTPERROR_ALLOWED_CODES', 'HTTPCACHE_IGNORE_HTTP_CODES']);

/** Scrapy settings whose names are reserved but whose feature is not built yet: setting one is an error, not a silent no-op. */
const NOT_YET_SUPPORTED: Partial<Record<string, string>> = {
  JOBDIR: 'the crawl state is kept in memory only, so a stopped crawl cannot be resumed',
  CONCURRENT_REQUESTS_PER_IP: 'download slots are per domain; use CONCURRENT_REQUESTS_PER_DOMAIN',
};

/** Settings the user writes: any subset of the known keys. */
export type SettingsInput = Partial<SettingsValues>;

export class Settings {
  readonly #values = new Map<string, { value: unknown; priority: number }>();
  #frozen = false;
  /** Directory that relative paths in settings (component modules, files) are resolved from. */
  baseDir = process.cwd();

  constructor(values?: SettingsInput, priority: SettingsPriority = 'project') {
    for (const [key, value] of Object.entries(DEFAULT_SETTINGS)) this.#values.set(key, { value, priority: 0 });
    if (values) this.update(values, priority);
  }

  static isKnown(key: string): key is SettingKey {
    return Object.hasOwn(DEFAULT_SETTINGS, key);
  }

  get<K extends SettingKey>(key: K): SettingsValues[K] {
    return this.getRaw(key) as SettingsValues[K];
  }

  /** A value by dynamic key (for component maps and plugin settings); throws on unknown keys. */
  getRaw(key: string): unknown {
    const entry = this.#values.get(key);
    if (!entry) throw unknownKey(key);
    return entry.value;
  }

  getPriority(key: SettingKey): number {
    return this.#values.get(key)?.priority ?? 0;
  }

  set<K extends SettingKey>(key: K, value: SettingsValues[K] | string, priority: SettingsPriority = 'project'): void {
    this.setRaw(key, value, priority);
  }

  /** Set a key given as a string (e.g. from the command line); the value is validated and converted. */
  setRaw(key: string, value: unknown, priority: SettingsPriority = 'project'): void {
    if (this.#frozen) throw new SettingsError(`settings are frozen: cannot set ${key} after the crawl started`);
    if (!Settings.isKnown(key)) throw unknownKey(key);
    const missing = NOT_YET_SUPPORTED[key];
    if (missing && value !== undefined && value !== null && value !== 0 && value !== '0' && value !== '') {
      throw new SettingsError(`${key} is not supported yet: ${missing}`);
    }
    const level = typeof priority === 'number' ? priority : SETTINGS_PRIORITIES[priority];
    const current = this.#values.get(key);
    if (current && current.priority > level) return;
    this.#values.set(key, { value: coerce(key, value), priority: level });
  }

  /** Set several keys; an `undefined` value leaves its key alone (`{ JOBDIR: process.env.JOBDIR }`). */
  update(values: Record<string, unknown>, priority: SettingsPriority = 'project'): void {
    for (const [key, value] of Object.entries(values)) {
      if (value !== undefined) this.setRaw(key, value, priority);
    }
  }

  freeze(): void {
    this.#frozen = true;
  }

  copy(): Settings {
    const copy = new Settings();
    copy.baseDir = this.baseDir;
    for (const [key, entry] of this.#values) copy.#values.set(key, { ...entry });
    return copy;
  }

  /** Plain object of every setting, for `arachne settings` and debugging. */
  toObject(): Record<string, unknown> {
    return Object.fromEntries([...this.#values].map(([key, entry]) => [key, entry.value]));
  }
}

function unknownKey(key: string): SettingsError {
  const suggestion = closestName(key, Object.keys(DEFAULT_SETTINGS));
  return new SettingsError(`unknown setting "${key}"${suggestion ? ` — did you mean "${suggestion}"?` : ''}`);
}

/** Check `value` against the type of the key's default, converting strings from the command line. */
function coerce(key: SettingKey, value: unknown): unknown {
  const fallback: unknown = DEFAULT_SETTINGS[key];
  const wrongType = (expected: string) =>
    new SettingsError(`setting ${key} must be ${expected}, got ${JSON.stringify(value) ?? String(value)}`);
  if (value === null && (fallback === null || key === 'FEED_EXPORT_FIELDS')) return null;
  if (COMPONENT_MAP_KEYS.has(key)) {
    const map = typeof value === 'string' ? parseJson(key, value) : value;
    if (typeof map === 'object' && map !== null) return map;
    throw wrongType('an object of {component: order}');
  }
  if (typeof fallback === 'number') {
    const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof number !== 'number' || Number.isNaN(number)) throw wrongType('a number');
    return number;
  }
  if (typeof fallback === 'boolean') {
    if (typeof value === 'boolean') return value;
    if (typeof value === 'number' && (value === 0 || value === 1)) return value === 1;
    if (typeof value === 'string') {
      const lowered = value.trim().toLowerCase();
      if (['true', '1', 'yes', 'on'].includes(lowered)) return true;
      if (['false', '0', 'no', 'off'].includes(lowered)) return false;
    }
    throw wrongType('true or false');
  }
  if (Array.isArray(fallback) || key === 'FEED_EXPORT_FIELDS') {
    if (Array.isArray(value)) return value;
    if (typeof value === 'string') {
      const trimmed = value.trim();
      const items = trimmed.startsWith('[') ? parseJson(key, trimmed) : trimmed.split(',').map((s) => s.trim()).filter(Boolean);
      if (!Array.isArray(items)) throw wrongType('a list');
      if (!NUMBER_LIST_KEYS.has(key)) return items;
      const numbers = items.map((item) => (item === '' ? NaN : Number(item)));
      if (numbers.some(Number.isNaN)) throw wrongType('a list of numbers');
      return numbers;
    }
    throw wrongType('a list');
  }
  if (typeof fallback === 'object' && fallback !== null) {
    const object = typeof value === 'string' ? parseJson(key, value) : value;
    if (typeof object === 'object' && object !== null && !Array.isArray(object)) return object;
    throw wrongType('an object');
  }
  if (typeof fallback === 'string' || fallback === null) {
    if (typeof value !== 'string') throw wrongType('a string');
    if (key === 'LOG_LEVEL') {
      const level = value.toUpperCase();
      if (!['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'].includes(level)) throw wrongType('one of DEBUG, INFO, WARNING, ERROR, CRITICAL');
      return level;
    }
    return value;
  }
  return value;
}

function parseJson(key: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new SettingsError(`setting ${key} must be JSON here, got ${text}`);
  }
}
