/**
 * Quotes that exist only once a script has run: each listing page is rendered
 * in Chromium (`meta.playwright`, waiting for the quotes), and each author's
 * plain HTML page is fetched over HTTP in the same crawl.
 *
 *   pnpm crawl quotes -O quotes.jsonl          # from examples/quotes-js: the demo site, served locally
 */
import { Request, Spider, type TextResponse } from '@arachne/core';
import { startDemoSite, type DemoSite } from '../demoSite.js';

export interface QuoteItem {
  kind: 'quote';
  text: string;
  author: string;
  tags: string[];
}

export interface AuthorItem {
  kind: 'author';
  name: string;
  born: string;
}

/** Render in the browser, once the quotes are in the page. */
const RENDERED = { playwright: { waitFor: '.quote' } };

export class QuotesSpider extends Spider<QuoteItem | AuthorItem> {
  name = 'quotes';
  /** `-a start_url=...` crawls another copy of the site; empty serves the demo. */
  start_url = '';
  #demo: DemoSite | undefined;

  override async *start() {
    let url = this.start_url;
    if (!url) {
      this.#demo = await startDemoSite();
      url = this.#demo.url;
      this.logger.info(`Serving the script-rendered demo site at ${url}`);
    }
    yield new Request(url, { meta: RENDERED });
  }

  override async *parse(response: TextResponse) {
    for (const quote of response.css('div.quote')) {
      yield {
        kind: 'quote' as const,
        text: quote.css('span.text::text').get(''),
        author: quote.css('small.author::text').get(''),
        tags: quote.css('a.tag::text').getAll(),
      };
    }
    // Author pages are plain HTML: no meta.playwright, so they go over HTTP (and are deduplicated as usual).
    yield* response.followAll(response.css('a.about'), { callback: this.parseAuthor });
    const next = response.css('li.next a::attr(href)').get();
    if (next) yield response.follow(next, { meta: RENDERED });
  }

  parseAuthor(response: TextResponse): AuthorItem[] {
    return [{ kind: 'author', name: response.css('h3.author-title::text').get(''), born: response.css('p.author-born::text').get('') }];
  }

  override async closed() {
    await this.#demo?.close();
  }
}
