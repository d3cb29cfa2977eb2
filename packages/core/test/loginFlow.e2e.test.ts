/**
 * A login through FormRequest.fromResponse against the test site: the CSRF
 * cookie of the login page and the session cookie of the login answer are
 * kept by the CookiesMiddleware across the redirect to the protected pages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_ORDERS, LOGIN_PASSWORD, LOGIN_USER, startTestSite, type TestSite } from '@arachne/testsite';
import { Crawler, FormRequest, Spider, type SettingsInput, type TextResponse } from '../src/index.js';

let site: TestSite;
beforeAll(async () => {
  site = await startTestSite();
});
afterAll(() => site.close());

const QUIET: SettingsInput = { LOG_ENABLED: false, LOGSTATS_INTERVAL: 0, STATS_DUMP: false };

interface Page {
  url: string;
  heading: string;
  orders?: string[];
  error?: string;
}

function loginSpider(password: string) {
  return class LoginSpider extends Spider<Page> {
    name = 'login';
    // The protected page sends the crawler to /login?next=/account, as a browser would be sent.
    override startUrls = [`${site.url}/account`];

    override *parse(response: TextResponse) {
      yield FormRequest.fromResponse(response, { formId: 'login', formData: { username: LOGIN_USER, password }, callback: this.afterLogin });
    }

    *afterLogin(response: TextResponse) {
      const error = response.css('p.error::text').get();
      if (error) {
        yield { url: response.url, heading: response.css('h1::text').get(''), error };
        return;
      }
      yield { url: response.url, heading: response.css('h1.welcome::text').get(''), orders: response.css('li.order a::text').getAll() };
      yield* response.followAll(response.css('li.order a'), { callback: this.parseOrder });
    }

    *parseOrder(response: TextResponse) {
      yield { url: response.url, heading: response.css('h1::text').get('') };
    }
  };
}

async function crawl(password: string, settings: SettingsInput = {}) {
  const crawler = new Crawler(loginSpider(password), { ...QUIET, HTTPERROR_ALLOWED_CODES: [401, 403], ...settings });
  const items: Page[] = [];
  crawler.signals.on('itemScraped', ({ item }) => { items.push(item as Page); });
  await crawler.crawl();
  return items.sort((a, b) => a.url.localeCompare(b.url));
}

describe('a login with FormRequest.fromResponse', () => {
  it('signs in and crawls the pages behind the login, the cookies kept across the flow', async () => {
    const before = site.requests.length;
    const items = await crawl(LOGIN_PASSWORD);
    expect(items).toEqual([
      { url: `${site.url}/account`, heading: `Welcome, ${LOGIN_USER}`, orders: [...ACCOUNT_ORDERS] },
      { url: `${site.url}/account/orders/1001`, heading: ACCOUNT_ORDERS[0] },
      { url: `${site.url}/account/orders/1002`, heading: ACCOUNT_ORDERS[1] },
      { url: `${site.url}/account/orders/1003`, heading: ACCOUNT_ORDERS[2] },
    ]);
    const post = site.requests.slice(before).find((request) => request.method === 'POST')!;
    // The form's hidden CSRF field matched the cookie the login page set; the first button was clicked.
    expect(post.path).toBe('/login?next=%2Faccount');
    expect(post.headers.cookie).toMatch(/^csrftoken=csrf-\d+$/);
    expect(post.headers['content-type']).toBe('application/x-www-form-urlencoded');
  });

  it('reaches the login error page with a wrong password, and no protected page', async () => {
    const items = await crawl('wrong');
    expect(items).toEqual([{ url: `${site.url}/login?next=%2Faccount`, heading: 'Sign in', error: 'Wrong user name or password.' }]);
  });

  it('is refused without cookies: the CSRF check fails', async () => {
    const items = await crawl(LOGIN_PASSWORD, { COOKIES_ENABLED: false });
    expect(items).toEqual([{ url: `${site.url}/login?next=%2Faccount`, heading: 'Sign in', error: 'Your session expired (CSRF token missing or wrong). Please try again.' }]);
  });
});
