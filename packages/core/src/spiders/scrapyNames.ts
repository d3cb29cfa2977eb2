/**
 * Scrapy's spider attribute names, and spellings close to Arachne's, are
 * errors at start: a spider that sets `start_urls` or `handleHttpStatusList`
 * would otherwise run a silent zero-page crawl or have its setting ignored.
 */
import { closestName } from '../settings/suggest.js';

/** The spider attributes and methods Arachne reads (Spider, CrawlSpider, SitemapSpider, built-in components). */
const ARACHNE_NAMES = [
  'name', 'startUrls', 'allowedDomains', 'customSettings', 'start', 'parse', 'closed',
  'userAgent', 'downloadTimeout', 'downloadDelay', 'downloadMaxsize', 'downloadWarnsize', 'handleHttpstatusList',
  'httpUser', 'httpPass', 'httpAuthDomain',
  'rules', 'parseStartUrl',
  'sitemapUrls', 'sitemapRules', 'sitemapFollow', 'sitemapAlternateLinks', 'sitemapFilter',
  'iterator', 'itertag', 'namespaces', 'parseNode', 'parseNodes', 'adaptResponse', 'processResults',
  'delimiter', 'quotechar', 'headers', 'parseRow', 'parseRows',
  'itemSchema',
];

/** Scrapy names that differ from Arachne's by more than case and underscores. */
const RENAMED = new Map([
  ['start_requests', 'start'], // Scrapy 2.13 also calls it start()
  ['make_requests_from_url', 'start'],
]);

const normalize = (name: string) => name.replace(/_/g, '').toLowerCase();
const BY_NORMALIZED = new Map(ARACHNE_NAMES.map((name) => [normalize(name), name]));

/** Throw a TypeError naming every Scrapy-style or misspelt attribute the spider defines. */
export function checkSpiderNames(spider: object): void {
  const problems: string[] = [];
  for (const name of definedProperties(spider).keys()) {
    const renamed = RENAMED.get(name);
    const arachne = renamed ?? BY_NORMALIZED.get(normalize(name));
    if (arachne === undefined || arachne === name) continue;
    problems.push(
      name.includes('_')
        ? `"${name}" is Scrapy's name; in Arachne it is "${arachne}"${renamed === 'start' ? ' (async *start() yields the first requests)' : ''}`
        : `"${name}" is not a name Arachne reads; did you mean "${arachne}"?`,
    );
  }
  if (problems.length > 0) throw new TypeError(`${spider.constructor.name}: ${problems.join('; ')} (see docs/scrapy-names.md)`);
}

/** Own fields, and the properties of the spider's classes (read without calling getters). */
function definedProperties(spider: object): Map<string, PropertyDescriptor> {
  const properties = new Map<string, PropertyDescriptor>();
  for (let object = spider; object && object !== Object.prototype; object = Object.getPrototypeOf(object)) {
    for (const [key, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(object))) {
      if (key !== 'constructor' && !properties.has(key)) properties.set(key, descriptor);
    }
  }
  return properties;
}

/** "has no method X" with the nearest method name, for callbacks named by string. */
export function noSuchMethod(spider: object, name: string, use: string): TypeError {
  const methods = [...definedProperties(spider)].filter(([, descriptor]) => typeof descriptor.value === 'function').map(([key]) => key);
  const suggestion = closestName(name, methods);
  return new TypeError(`${spider.constructor.name} has no method "${name}" for ${use}${suggestion ? ` — did you mean "${suggestion}"?` : ''}`);
}
