/**
 * A deterministic local web site for crawler tests: a small catalogue to crawl, plus endpoints for
 * redirects, failures, encodings, compression, cookies and echoes. See the route modules.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Site } from './http.js';
import { route } from './router.js';

export { PAGE_COUNT, PAGE_SIZE, PRODUCT_COUNT, product, productsOnPage, type Product } from './catalogue.js';
export { ENCODED_TEXT } from './routes/content.js';
export { BOMB_INFLATED_BYTES } from './routes/payloads.js';
export { ACCOUNT_ORDERS, LOGIN_PASSWORD, LOGIN_USER } from './routes/account.js';
export { MEDIA_DOCUMENTS, mediaFileBody, solidPng, type MediaDocument } from './routes/media.js';

export const DEFAULT_ROBOTS_TXT = 'User-agent: *\nDisallow:\n';

export interface TestSiteOptions {
  /** Body of /robots.txt; null makes it a 404. Defaults to DEFAULT_ROBOTS_TXT (allow all). */
  robotsTxt?: string | null;
}

export interface RecordedRequest {
  method: string;
  /** The request target as sent: path plus query. */
  path: string;
  headers: IncomingHttpHeaders;
}

export interface TestSite {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** The same server as `http://localhost:PORT`: another host for offsite and cross-host tests. */
  altUrl: string;
  port: number;
  /** Stops listening and drops open connections (including hung requests). */
  close(): Promise<void>;
  /** Request count per request target (path plus query, as sent). */
  hits: Map<string, number>;
  /** Every request received, in order. */
  requests: RecordedRequest[];
}

export async function startTestSite(options: TestSiteOptions = {}): Promise<TestSite> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const site: Site = {
    origin: `http://127.0.0.1:${port}`,
    altOrigin: `http://localhost:${port}`,
    robotsTxt: options.robotsTxt === undefined ? DEFAULT_ROBOTS_TXT : options.robotsTxt,
    retryFailures: new Map(),
    sessions: new Map(),
    tokenCount: 0,
  };
  const hits = new Map<string, number>();
  const requests: RecordedRequest[] = [];
  // Attached only now that the port (hence `site`) is known; no connection can be served in between.
  server.on('request', (req, res) => {
    const path = req.url ?? '/';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    requests.push({ method: req.method ?? 'GET', path, headers: req.headers });
    route(req, res, site);
  });
  return {
    url: site.origin,
    altUrl: site.altOrigin,
    port,
    hits,
    requests,
    close: () => new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    }),
  };
}
