import { describe, expect, it } from 'vitest';
import { checkSpiderNames } from './scrapyNames.js';
import { Spider } from './spider.js';
import { CrawlSpider, Rule } from './crawlSpider.js';
import { Crawler } from '../engine/crawler.js';

describe("Scrapy's spider names", () => {
  it('are an error at start that gives the Arachne name, before any page is crawled', async () => {
    class QuotesSpider extends Spider {
      name = 'quotes';
      start_urls = ['https://quotes.toscrape.com/'];
      allowed_domains = ['quotes.toscrape.com'];
      custom_settings = { DOWNLOAD_DELAY: 1 };
      *start_requests() {}
    }
    const crawl = new Crawler(QuotesSpider, { LOG_ENABLED: false }).crawl();
    await expect(crawl).rejects.toThrow(TypeError);
    await expect(new Crawler(QuotesSpider, { LOG_ENABLED: false }).crawl()).rejects.toThrow(
      'QuotesSpider: "start_urls" is Scrapy\'s name; in Arachne it is "startUrls"; "allowed_domains" is Scrapy\'s name; in Arachne it is "allowedDomains"; '
        + '"custom_settings" is Scrapy\'s name; in Arachne it is "customSettings"; "start_requests" is Scrapy\'s name; in Arachne it is "start" (async *start() yields the first requests)',
    );
  });

  it('catch an attribute a built-in component reads, spelt in another case', () => {
    class Spelt extends Spider {
      name = 'spelt';
      handleHttpStatusList = [404];
      UserAgent = 'bot';
    }
    expect(() => checkSpiderNames(new Spelt())).toThrow('Spelt: "handleHttpStatusList" is not a name Arachne reads; did you mean "handleHttpstatusList"?; "UserAgent" is not a name Arachne reads; did you mean "userAgent"?');
  });

  it('leave a spider that uses its own names alone, getters included', () => {
    class Own extends Spider {
      name = 'own';
      maxPages = 3;
      parse_item() {
        return [];
      }
      get userAgentPool() {
        return ['a'];
      }
      get crawlerName() {
        return this.crawler.spider.name; // not bound yet: the check must not call getters
      }
    }
    expect(() => checkSpiderNames(new Own())).not.toThrow();
  });

  it('suggest the method a Rule callback meant', async () => {
    class Rules extends CrawlSpider {
      name = 'rules';
      override rules = [new Rule(undefined, { callback: 'parse_item' })];
      parseItem() {
        return [];
      }
    }
    await expect(new Crawler(Rules, { LOG_ENABLED: false }).crawl()).rejects.toThrow('Rules has no method "parse_item" for a rule\'s callback — did you mean "parseItem"?');
  });
});
