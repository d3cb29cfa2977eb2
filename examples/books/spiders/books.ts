/**
 * The tutorial spider: walks a bookstore's catalogue pages, follows each book,
 * and yields one typed item per book.
 *
 *   arachne crawl books -O books.jsonl                                   # the demo site, served locally
 *   arachne crawl books -a start_url=https://books.toscrape.com/ -O books.jsonl
 */
import { Request, Spider, type Response, type SettingsInput, type TextResponse } from '@arachne/core';
import { startDemoSite, type DemoSite } from '../demoSite.js';
import { PricePipeline } from '../pipelines.js';
import { LatencyMiddleware, StampItemsMiddleware } from '../middlewares.js';

/** What the spider yields; `PricePipeline` adds `priceValue`. */
export interface Book {
  title: string;
  /** As printed on the page, e.g. "£51.77". */
  price: string;
  availability: string;
  rating: string | null;
  url: string;
}

export class BooksSpider extends Spider<Book> {
  name = 'books';
  /** `-a start_url=...` crawls another site with the same markup; empty serves the demo site. */
  start_url = '';
  /** `-a max_pages=2` stops following "next" after that many catalogue pages (0: no limit). */
  max_pages = 0;

  override customSettings: SettingsInput = {
    CONCURRENT_REQUESTS_PER_DOMAIN: 8,
    // Components by class, with Scrapy's order numbers; `['RetryMiddleware', null]` would disable a built-in.
    ITEM_PIPELINES: [[PricePipeline, 300]],
    DOWNLOADER_MIDDLEWARES: [[LatencyMiddleware, 543]],
    SPIDER_MIDDLEWARES: [[StampItemsMiddleware, 543]],
  };

  #demo: DemoSite | undefined;
  #pages = 0;

  override async *start() {
    let url = this.start_url;
    if (!url) {
      this.#demo = await startDemoSite();
      url = this.#demo.url;
      this.logger.info(`Serving the demo bookstore at ${url}`);
    }
    yield new Request({ url, callback: this.parse });
  }

  override async *parse(response: Response) {
    const page = response as TextResponse;
    this.#pages++;
    yield* page.followAll(page.css('article.product_pod h3 a'), { callback: this.parseBook });
    const next = page.css('li.next a::attr(href)').get();
    if (next && (this.max_pages === 0 || this.#pages < this.max_pages)) yield page.follow(next, { callback: this.parse });
  }

  async *parseBook(response: TextResponse): AsyncGenerator<Book> {
    const main = response.css('.product_main');
    yield {
      title: main.css('h1::text').get('').trim(),
      price: main.css('p.price_color::text').get('').trim(),
      availability: main.css('p.availability').css('::text').getAll().join('').trim(),
      rating: main.css('p.star-rating').attrib['class']?.replace('star-rating', '').trim() ?? null,
      url: response.url,
    };
  }

  override async closed() {
    await this.#demo?.close();
  }
}
