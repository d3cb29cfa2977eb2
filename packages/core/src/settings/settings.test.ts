import { describe, expect, it } from 'vitest';
import { Settings } from './settings.js';
import { SettingsError } from '../errors.js';
import { DEFAULT_SETTINGS } from './defaults.js';
import { defineSettings } from './declaration.js';
import { settingsReference } from './reference.js';

describe('Settings priorities', () => {
  it('starts from the defaults', () => {
    const settings = new Settings();
    expect(settings.get('CONCURRENT_REQUESTS')).toBe(DEFAULT_SETTINGS.CONCURRENT_REQUESTS);
    expect(settings.getPriority('CONCURRENT_REQUESTS')).toBe(0);
  });

  it('orders default < project < spider < cmdline, whatever the order of the writes', () => {
    const settings = new Settings();
    settings.set('DOWNLOAD_DELAY', 3, 'cmdline');
    settings.set('DOWNLOAD_DELAY', 2, 'spider');
    settings.set('DOWNLOAD_DELAY', 1, 'project');
    expect(settings.get('DOWNLOAD_DELAY')).toBe(3);

    const rising = new Settings();
    rising.set('DOWNLOAD_DELAY', 1, 'project');
    expect(rising.get('DOWNLOAD_DELAY')).toBe(1);
    rising.set('DOWNLOAD_DELAY', 2, 'spider');
    expect(rising.get('DOWNLOAD_DELAY')).toBe(2);
    rising.set('DOWNLOAD_DELAY', 3, 'cmdline');
    expect(rising.get('DOWNLOAD_DELAY')).toBe(3);
    expect(rising.getPriority('DOWNLOAD_DELAY')).toBeGreaterThan(new Settings({ DOWNLOAD_DELAY: 1 }, 'spider').getPriority('DOWNLOAD_DELAY'));
  });

  it('lets a write at the same priority replace the value', () => {
    const settings = new Settings({ RETRY_TIMES: 5 }, 'project');
    settings.set('RETRY_TIMES', 7, 'project');
    expect(settings.get('RETRY_TIMES')).toBe(7);
  });

  it('keeps a command-line value over a spider customSettings value through update()', () => {
    const settings = new Settings({ CONCURRENT_REQUESTS: 4 }, 'cmdline');
    settings.update({ CONCURRENT_REQUESTS: 32, DOWNLOAD_DELAY: 0.5 }, 'spider');
    expect(settings.get('CONCURRENT_REQUESTS')).toBe(4);
    expect(settings.get('DOWNLOAD_DELAY')).toBe(0.5);
  });

  it('leaves a key alone when update() gives it undefined (optional values in a config)', () => {
    const settings = new Settings({ JOBDIR: undefined, DOWNLOAD_DELAY: 2 });
    expect(settings.get('JOBDIR')).toBeNull();
    expect(settings.getPriority('JOBDIR')).toBe(0);
    settings.update({ DOWNLOAD_DELAY: undefined }, 'cmdline');
    expect(settings.get('DOWNLOAD_DELAY')).toBe(2);
    expect(() => settings.set('DOWNLOAD_DELAY', undefined as unknown as number)).toThrow(/DOWNLOAD_DELAY must be a number, got undefined/);
  });

  it('accepts a numeric priority', () => {
    const settings = new Settings();
    settings.set('RETRY_TIMES', 9, 100);
    settings.set('RETRY_TIMES', 1, 'cmdline');
    expect(settings.get('RETRY_TIMES')).toBe(9);
  });

  it('copies without sharing values', () => {
    const settings = new Settings({ RETRY_TIMES: 5 });
    settings.baseDir = '/project';
    const copy = settings.copy();
    copy.set('RETRY_TIMES', 1);
    expect(settings.get('RETRY_TIMES')).toBe(5);
    expect(copy.baseDir).toBe('/project');
    expect(copy.getPriority('RETRY_TIMES')).toBe(settings.getPriority('RETRY_TIMES'));
  });
});

describe('Settings from -s strings', () => {
  it('converts numbers', () => {
    const settings = new Settings();
    settings.setRaw('CONCURRENT_REQUESTS', '32', 'cmdline');
    settings.setRaw('DOWNLOAD_DELAY', ' 0.25 ', 'cmdline');
    expect(settings.get('CONCURRENT_REQUESTS')).toBe(32);
    expect(settings.get('DOWNLOAD_DELAY')).toBe(0.25);
  });

  it.each([
    ['true', true], ['True', true], ['1', true], ['yes', true], ['on', true],
    ['false', false], ['FALSE', false], ['0', false], ['no', false], ['off', false],
  ])('converts the boolean %s', (text, expected) => {
    const settings = new Settings();
    settings.setRaw('ROBOTSTXT_OBEY', text, 'cmdline');
    expect(settings.get('ROBOTSTXT_OBEY')).toBe(expected);
  });

  it('converts comma-separated and JSON lists, numbers for numeric lists', () => {
    const settings = new Settings();
    settings.setRaw('RETRY_HTTP_CODES', '500, 503,429', 'cmdline');
    expect(settings.get('RETRY_HTTP_CODES')).toEqual([500, 503, 429]);
    settings.setRaw('METAREFRESH_IGNORE_TAGS', 'noscript,template', 'cmdline');
    expect(settings.get('METAREFRESH_IGNORE_TAGS')).toEqual(['noscript', 'template']);
    settings.setRaw('SPIDER_MODULES', '["a.spiders", "b.spiders"]', 'cmdline');
    expect(settings.get('SPIDER_MODULES')).toEqual(['a.spiders', 'b.spiders']);
    settings.setRaw('FEED_EXPORT_FIELDS', 'title,price', 'cmdline');
    expect(settings.get('FEED_EXPORT_FIELDS')).toEqual(['title', 'price']);
  });

  it('converts status-code lists whose default is empty to numbers', () => {
    const settings = new Settings();
    settings.setRaw('HTTPERROR_ALLOWED_CODES', '404,410', 'cmdline');
    settings.setRaw('HTTPCACHE_IGNORE_HTTP_CODES', '[500]', 'cmdline');
    expect(settings.get('HTTPERROR_ALLOWED_CODES')).toEqual([404, 410]);
    expect(settings.get('HTTPCACHE_IGNORE_HTTP_CODES')).toEqual([500]);
  });

  it('rejects a non-number in a numeric list, naming the key', () => {
    const settings = new Settings();
    expect(() => settings.setRaw('RETRY_HTTP_CODES', '500,abc', 'cmdline')).toThrow('setting RETRY_HTTP_CODES must be a list of numbers, got "500,abc"');
  });

  it('parses JSON objects, including component maps', () => {
    const settings = new Settings();
    settings.setRaw('DEFAULT_REQUEST_HEADERS', '{"Accept": "application/json"}', 'cmdline');
    settings.setRaw('DOWNLOADER_MIDDLEWARES', '{"RetryMiddleware": null}', 'cmdline');
    expect(settings.get('DEFAULT_REQUEST_HEADERS')).toEqual({ Accept: 'application/json' });
    expect(settings.get('DOWNLOADER_MIDDLEWARES')).toEqual({ RetryMiddleware: null });
  });

  it('rejects JSON that is not an object for an object setting', () => {
    const settings = new Settings();
    expect(() => settings.setRaw('DEFAULT_REQUEST_HEADERS', '5', 'cmdline')).toThrow(/DEFAULT_REQUEST_HEADERS must be an object/);
    expect(() => settings.setRaw('ITEM_PIPELINES', '5', 'cmdline')).toThrow(/ITEM_PIPELINES must be an object/);
    expect(() => settings.setRaw('DEFAULT_REQUEST_HEADERS', '["Accept"]', 'cmdline')).toThrow(/DEFAULT_REQUEST_HEADERS must be an object/);
    expect(() => settings.setRaw('FEEDS', '{not json', 'cmdline')).toThrow(/FEEDS must be JSON/);
  });

  it('upper-cases LOG_LEVEL and rejects unknown levels', () => {
    const settings = new Settings();
    settings.setRaw('LOG_LEVEL', 'debug', 'cmdline');
    expect(settings.get('LOG_LEVEL')).toBe('DEBUG');
    expect(() => settings.setRaw('LOG_LEVEL', 'verbose', 'cmdline')).toThrow(/LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL/);
  });

  it('accepts null for settings whose default is null', () => {
    const settings = new Settings({ LOG_FILE: 'crawl.log' });
    settings.set('LOG_FILE', null);
    expect(settings.get('LOG_FILE')).toBeNull();
  });
});

describe('Settings validation', () => {
  it.each([
    ['DOWNLOAD_DELAY', 'many', /setting DOWNLOAD_DELAY must be a number, got "many"/],
    ['DOWNLOAD_DELAY', '', /setting DOWNLOAD_DELAY must be a number/],
    ['CONCURRENT_REQUESTS', '2.5', /setting CONCURRENT_REQUESTS must be a whole number, got "2.5"/],
    ['CONCURRENT_REQUESTS', 0, /setting CONCURRENT_REQUESTS must be at least 1, got 0/],
    ['DOWNLOAD_DELAY', -1, /setting DOWNLOAD_DELAY must be at least 0, got -1/],
    ['HEAP_GROWTH_PERCENT', 1001, /setting HEAP_GROWTH_PERCENT must be from 0 to 1000, got 1001/],
    ['ROBOTSTXT_OBEY', 'maybe', /setting ROBOTSTXT_OBEY must be true or false, got "maybe"/],
    ['ROBOTSTXT_OBEY', 2, /setting ROBOTSTXT_OBEY must be true or false, got 2/],
    ['USER_AGENT', 42, /setting USER_AGENT must be a string, got 42/],
    ['RETRY_HTTP_CODES', 500, /setting RETRY_HTTP_CODES must be a list/],
    ['DOWNLOADER_MIDDLEWARES', 5, /setting DOWNLOADER_MIDDLEWARES must be an object/],
  ])('rejects %s = %j with a message naming the key', (key, value, message) => {
    const settings = new Settings();
    expect(() => settings.setRaw(key, value)).toThrow(SettingsError);
    expect(() => settings.setRaw(key, value)).toThrow(message);
  });

  it('rejects wrong types given in code, at construction', () => {
    expect(() => new Settings({ DOWNLOAD_DELAY: 'soon' as unknown as number })).toThrow(/DOWNLOAD_DELAY must be a number/);
  });

  it.each([
    ['CONCURRENT_REQUEST', 'CONCURRENT_REQUESTS'],
    ['DOWNLAOD_DELAY', 'DOWNLOAD_DELAY'],
    ['concurrent_requests', 'CONCURRENT_REQUESTS'],
    ['ROBOTSTXT_OBAY', 'ROBOTSTXT_OBEY'],
  ])('rejects the unknown key %s once every declaration is in, suggesting %s', (key, suggestion) => {
    const settings = new Settings();
    settings.setRaw(key, '1'); // a component declaring it may still come
    expect(() => settings.getRaw(key)).toThrow(`unknown setting "${key}" — did you mean "${suggestion}"?`);
    expect(() => settings.checkDeclared()).toThrow(`unknown setting "${key}" — did you mean "${suggestion}"?`);
    expect(() => settings.freeze()).toThrow(SettingsError);
  });

  it('suggests nothing for a key far from every known one, and names every unknown key at once', () => {
    const settings = new Settings({ TOTALLY_UNRELATED_THING_XYZ: 1, DOWNLAOD_DELAY: 2 } as never);
    expect(() => settings.checkDeclared()).toThrow(/^unknown setting "TOTALLY_UNRELATED_THING_XYZ"; unknown setting "DOWNLAOD_DELAY" — did you mean "DOWNLOAD_DELAY"\?$/);
  });
});

describe('frozen settings', () => {
  it('refuse any write, naming the key', () => {
    const settings = new Settings();
    settings.freeze();
    expect(() => settings.set('DOWNLOAD_DELAY', 1)).toThrow(/frozen.*DOWNLOAD_DELAY/);
    expect(() => settings.update({ RETRY_TIMES: 1 }, 'cmdline')).toThrow(SettingsError);
    expect(settings.get('DOWNLOAD_DELAY')).toBe(0);
  });

  it('thaw in a copy', () => {
    const settings = new Settings();
    settings.freeze();
    const copy = settings.copy();
    copy.set('DOWNLOAD_DELAY', 1);
    expect(copy.get('DOWNLOAD_DELAY')).toBe(1);
  });
});

describe('declared settings', () => {
  const MYEXT = defineSettings({
    MYEXT_ENABLED: { default: false, doc: 'Turn MyExt on.' },
    MYEXT_LIMIT: { default: 10, type: 'integer', min: 1, doc: 'Items before MyExt closes the spider.' },
    MYEXT_MODE: { default: 'fast', choices: ['fast', 'thorough'], doc: 'How MyExt works.' },
    MYEXT_FILE: { default: null, type: 'string', doc: 'Where MyExt writes.' },
  });

  it('take their defaults, are checked and converted like built-in ones, and are listed', () => {
    const settings = new Settings();
    settings.declare(MYEXT, 'MyExt');
    expect(settings.getRaw('MYEXT_LIMIT')).toBe(10);
    settings.setRaw('MYEXT_LIMIT', '3', 'cmdline');
    settings.setRaw('MYEXT_ENABLED', 'yes', 'cmdline');
    settings.setRaw('MYEXT_MODE', 'THOROUGH', 'cmdline');
    expect([settings.getRaw('MYEXT_LIMIT'), settings.getRaw('MYEXT_ENABLED'), settings.getRaw('MYEXT_MODE'), settings.getRaw('MYEXT_FILE')]).toEqual([3, true, 'thorough', null]);
    expect(() => settings.setRaw('MYEXT_LIMIT', '0', 'cmdline')).toThrow('setting MYEXT_LIMIT must be at least 1, got "0"');
    expect(() => settings.setRaw('MYEXT_MODE', 'slow', 'cmdline')).toThrow('setting MYEXT_MODE must be one of fast, thorough, got "slow"');
    expect(settings.declaredKeys()).toContain('MYEXT_MODE');
    expect(settings.declarationOf('MYEXT_LIMIT')).toEqual({ declaration: MYEXT.MYEXT_LIMIT, source: 'MyExt' });
  });

  it('accept values given before the declaration, checking them when it comes, and keep their priority', () => {
    const settings = new Settings({ MYEXT_LIMIT: 5 } as never, 'project');
    settings.setRaw('MYEXT_LIMIT', '7', 'cmdline');
    settings.setRaw('MYEXT_LIMIT', '9', 'spider'); // lower than the command line: ignored
    settings.declare(MYEXT, 'MyExt');
    expect(settings.getRaw('MYEXT_LIMIT')).toBe(7);
    expect(settings.getPriority('MYEXT_LIMIT')).toBe(40);
    const bad = new Settings({ MYEXT_LIMIT: 'lots' } as never);
    expect(() => bad.declare(MYEXT, 'MyExt')).toThrow('setting MYEXT_LIMIT must be a whole number, got "lots"');
  });

  it('suggest a declared key for a typo', () => {
    const settings = new Settings();
    settings.setRaw('MYEXT_LIMT', '3', 'cmdline');
    settings.declare(MYEXT, 'MyExt');
    expect(() => settings.checkDeclared()).toThrow('unknown setting "MYEXT_LIMT" — did you mean "MYEXT_LIMIT"?');
  });

  it('may be declared again with the same declaration, but not redeclared differently', () => {
    const settings = new Settings();
    settings.declare(MYEXT, 'MyExt');
    settings.declare(MYEXT, 'MyExt again');
    expect(() => settings.declare(defineSettings({ MYEXT_LIMIT: { default: 1, doc: 'other' } }), 'OtherExt')).toThrow('setting MYEXT_LIMIT is declared twice: by MyExt and by OtherExt');
    expect(() => settings.declare(defineSettings({ DOWNLOAD_DELAY: { default: 1, doc: 'mine' } }), 'OtherExt')).toThrow('declared twice: by Arachne and by OtherExt');
  });

  it('need a type when the default does not tell it', () => {
    expect(() => defineSettings({ MYEXT_THING: { default: null, doc: 'a thing' } })).toThrow('setting MYEXT_THING: give its "type"');
  });

  it('belong to one Settings object and its copies, not to others', () => {
    const settings = new Settings();
    settings.declare(MYEXT, 'MyExt');
    expect(settings.copy().getRaw('MYEXT_LIMIT')).toBe(10);
    expect(() => new Settings().getRaw('MYEXT_LIMIT')).toThrow('unknown setting "MYEXT_LIMIT"');
  });
});

describe('settingsReference', () => {
  it('documents declared settings from their declarations, all or one declarer\'s', () => {
    const settings = new Settings();
    settings.declare(defineSettings({
      MYEXT_LIMIT: { default: 10, type: 'integer', doc: 'Items | pages before closing.' },
      MYEXT_MODE: { default: 'fast', choices: ['fast', 'thorough'], doc: 'How it works.' },
    }), 'MyExtension');
    expect(settingsReference(settings, 'MyExtension')).toBe([
      '| setting | type | default | meaning | declared by |',
      '|---|---|---|---|---|',
      '| `MYEXT_LIMIT` | integer | `10` | Items \\| pages before closing. | MyExtension |',
      "| `MYEXT_MODE` | 'fast' \\| 'thorough' | `\"fast\"` | How it works. | MyExtension |",
    ].join('\n'));
    expect(settingsReference(settings)).toContain('| `DOWNLOAD_DELAY` | number | `0` |');
  });
});
