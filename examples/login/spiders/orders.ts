/**
 * Signs in with FormRequest.fromResponse and crawls the orders behind the
 * login; each order is checked against a zod schema at run time, and its
 * invoice is downloaded by FilesPipeline (see arachne.config.ts) with the
 * session cookie the login set.
 *
 *   pnpm crawl orders -O orders.jsonl            # the demo shop, served locally
 *   pnpm crawl orders -a start_url=https://shop.example.com/account -a user=... -a password=...
 */
import { FormRequest, Request, Spider, type TextResponse } from '@arachne/core';
import { z } from 'zod';
import { DEMO_PASSWORD, DEMO_USER, startDemoSite, type DemoSite } from '../demoSite.js';

/** An order as the spider yields it; FilesPipeline adds `invoices`. */
export const Order = z.object({
  id: z.number().int(),
  date: z.iso.date(),
  lines: z.array(z.object({ title: z.string().min(1), quantity: z.number().int().positive(), price: z.number().nonnegative() })).min(1),
  total: z.number(),
  url: z.url(),
  invoiceUrls: z.array(z.url()),
});
export type Order = z.infer<typeof Order>;

export class OrdersSpider extends Spider<Order> {
  name = 'orders';
  override itemSchema = Order;
  /** `-a start_url=...`: a page behind the login; empty serves the demo shop. */
  start_url = '';
  user = DEMO_USER;
  password = DEMO_PASSWORD;
  /** The login answers a wrong password with 401: let afterLogin see it rather than HttpErrorMiddleware drop it. */
  override handleHttpstatusList = [401, 403];
  #demo: DemoSite | undefined;

  override async *start() {
    let url = this.start_url;
    if (!url) {
      this.#demo = await startDemoSite();
      url = `${this.#demo.url}account`;
      this.logger.info(`Serving the demo shop at ${this.#demo.url}`);
    }
    // The account page redirects to the login form, as it would a browser. `dontFilter`, as start URLs
    // have it: after the login the site redirects back here, and that request must not count as a duplicate.
    yield new Request(url, { callback: this.parse, dontFilter: true });
  }

  /** The login page: fill in the form (its hidden CSRF token is kept) and submit it. */
  override *parse(response: TextResponse) {
    yield FormRequest.fromResponse(response, {
      formId: 'login',
      formData: { username: this.user, password: this.password },
      callback: this.afterLogin,
    });
  }

  *afterLogin(response: TextResponse) {
    const error = response.css('.error::text').get();
    if (error) {
      this.logger.error(`Sign-in failed: ${error}`);
      return;
    }
    yield* response.followAll(response.css('li.order a'), { callback: this.parseOrder });
  }

  *parseOrder(response: TextResponse): Generator<Order> {
    const lines = response.css('tr.line').map((line) => ({
      title: line.css('.title::text').get(''),
      quantity: Number(line.css('.quantity::text').get()),
      price: Number(line.css('.price::text').get('').replace(/[^\d.]/g, '')),
    }));
    yield {
      id: Number(response.css('h1 .id::text').get()),
      date: response.css('time::text').get(''),
      lines,
      total: Math.round(lines.reduce((sum, line) => sum + line.quantity * line.price, 0) * 100) / 100,
      url: response.url,
      invoiceUrls: response.css('a.invoice::attr(href)').getAll().map((href) => response.urljoin(href)),
    };
  }

  override async closed() {
    await this.#demo?.close();
  }
}
