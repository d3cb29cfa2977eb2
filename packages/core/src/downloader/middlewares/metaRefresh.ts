/**
 * Follows `<meta http-equiv="refresh" content="N; url=...">` in HTML
 * responses (within the first 4096 characters, as Scrapy) when N is under
 * `METAREFRESH_MAXDELAY`. Refreshes inside `METAREFRESH_IGNORE_TAGS` elements
 * (none by default, as Scrapy) and inside comments or scripts are not followed.
 */
import { Parser } from 'htmlparser2';
import type { CrawlerContext } from '../../component/context.js';
import type { Request } from '../../http/request.js';
import { HtmlResponse, type Response } from '../../http/response.js';
import { NotConfigured } from '../../errors.js';
import type { DownloaderMiddleware } from '../middlewareManager.js';
import { followRedirect, type RedirectPolicy } from './redirectRequest.js';

const SCANNED_CHARS = 4096;
const MENTIONS_REFRESH = /refresh/i;
/** `content`: a delay, then optionally `;` or `,`, an optional `url=`, and the URL (quotes allowed), per the HTML standard. */
const REFRESH_CONTENT = /^\s*(\d*\.?\d+)\.?\s*(?:[;,]\s*(?:url\s*=\s*)?(.*))?$/is;

export interface MetaRefresh {
  /** Seconds. */
  delay: number;
  /** As written (relative or absolute). */
  url: string;
}

export class MetaRefreshMiddleware implements DownloaderMiddleware {
  readonly #policy: RedirectPolicy;
  readonly #maxDelay: number;
  readonly #ignoreTags: ReadonlySet<string>;

  constructor(crawler: CrawlerContext) {
    const { settings } = crawler;
    if (!settings.get('METAREFRESH_ENABLED')) throw new NotConfigured('METAREFRESH_ENABLED is false');
    this.#maxDelay = settings.get('METAREFRESH_MAXDELAY');
    this.#ignoreTags = new Set(settings.get('METAREFRESH_IGNORE_TAGS').map((tag) => tag.toLowerCase()));
    this.#policy = {
      maxTimes: settings.get('REDIRECT_MAX_TIMES'),
      priorityAdjust: settings.get('REDIRECT_PRIORITY_ADJUST'),
      logger: crawler.logger.child('downloadermiddlewares.redirect'),
    };
  }

  processResponse(request: Request, response: Response): Response | Request {
    if (request.meta.dont_redirect || request.method === 'HEAD' || !(response instanceof HtmlResponse)) return response;
    const head = response.text.slice(0, SCANNED_CHARS);
    // Nearly no page has one: a substring test spares parsing the head of every page.
    if (!MENTIONS_REFRESH.test(head)) return response;
    const refresh = findMetaRefresh(head, this.#ignoreTags);
    if (!refresh || refresh.delay >= this.#maxDelay) return response;
    let url: string;
    try {
      url = response.urljoin(refresh.url);
    } catch {
      return response;
    }
    return followRedirect(request, { url, reason: 'meta refresh', useGet: true, response }, this.#policy);
  }
}

/** The first meta refresh with a URL in `html`, outside the `ignoreTags` elements; null if none. */
export function findMetaRefresh(html: string, ignoreTags: ReadonlySet<string> = new Set()): MetaRefresh | null {
  let found: MetaRefresh | null = null;
  let ignoredDepth = 0;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (ignoreTags.has(name)) ignoredDepth++;
        if (found || ignoredDepth > 0 || name !== 'meta') return;
        if (attributes['http-equiv']?.trim().toLowerCase() !== 'refresh') return;
        found = parseRefreshContent(attributes.content ?? '');
      },
      onclosetag(name) {
        if (ignoreTags.has(name) && ignoredDepth > 0) ignoredDepth--;
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return found;
}

function parseRefreshContent(content: string): MetaRefresh | null {
  const match = REFRESH_CONTENT.exec(content);
  if (!match) return null;
  let url = match[2]?.trim() ?? '';
  const quote = url[0];
  if (quote === '"' || quote === "'") {
    const end = url.indexOf(quote, 1);
    url = url.slice(1, end < 0 ? undefined : end).trim();
  }
  return url ? { delay: Number(match[1]), url } : null;
}
