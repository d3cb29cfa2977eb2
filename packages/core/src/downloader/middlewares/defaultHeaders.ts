/** Adds `DEFAULT_REQUEST_HEADERS` to every request, without overriding headers the request already has. */
import type { CrawlerContext } from '../../component/context.js';
import type { Request } from '../../http/request.js';
import type { DownloaderMiddleware } from '../middlewareManager.js';

export class DefaultHeadersMiddleware implements DownloaderMiddleware {
  readonly #headers: Array<[string, string]>;

  constructor(crawler: CrawlerContext) {
    this.#headers = Object.entries(crawler.settings.get('DEFAULT_REQUEST_HEADERS')).map(([name, value]) => [name, String(value)]);
  }

  processRequest(request: Request): null {
    for (const [name, value] of this.#headers) request.headers.setDefault(name, value);
    return null;
  }
}
