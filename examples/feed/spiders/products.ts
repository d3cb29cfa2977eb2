/**
 * Reads a Google Merchant product feed with XmlFeedSpider: the feed is
 * streamed node by node (a feed of any size is parsed in little memory), the
 * `g:` namespace is registered for the nodes' XPath queries, and each
 * product's cover is downloaded by ImagesPipeline, with thumbnails.
 *
 *   pnpm crawl products -O products.csv           # the demo feed, served locally
 *   pnpm crawl products -a feed_url=https://shop.example.com/feeds/google.xml -O products.csv
 */
import { Request, XmlFeedSpider, type Response, type Selector, type SettingsInput } from '@arachne/core';
import { startDemoSite, type DemoSite } from '../demoSite.js';

export interface Product {
  id: string;
  title: string;
  price: number;
  currency: string;
  availability: string;
  url: string;
  imageUrls: string[];
}

export class ProductsSpider extends XmlFeedSpider<Product> {
  name = 'products';
  override itertag = 'item';
  override namespaces = { g: 'http://base.google.com/ns/1.0' };
  /** `-a feed_url=...`; empty serves the demo feed. */
  feed_url = '';
  #demo: DemoSite | undefined;

  // IMAGES_STORE is set in arachne.config.ts.
  override customSettings: SettingsInput = {
    ITEM_PIPELINES: { ImagesPipeline: 1 },
    IMAGES_THUMBS: { small: [60, 90] },
    // A 16-pixel placeholder is not a cover.
    IMAGES_MIN_WIDTH: 100,
  };

  override async *start() {
    let url = this.feed_url;
    if (!url) {
      this.#demo = await startDemoSite();
      url = `${this.#demo.url}products.xml`;
      this.logger.info(`Serving the demo feed at ${url}`);
    }
    yield new Request(url, { dontFilter: true });
  }

  *parseNode(_response: Response, node: Selector): Generator<Product> {
    const [amount = '', currency = ''] = node.xpath('g:price/text()').get('').trim().split(/\s+/);
    yield {
      id: node.xpath('g:id/text()').get(''),
      title: node.xpath('title/text()').get('').trim(),
      price: Number(amount),
      currency,
      availability: node.xpath('g:availability/text()').get(''),
      url: node.xpath('link/text()').get(''),
      imageUrls: node.xpath('g:image_link/text()').getAll(),
    };
  }

  override async closed() {
    await this.#demo?.close();
  }
}
