/**
 * Sets the `Referer` header of requests yielded from a response, following a
 * referrer policy: the request's `meta.referrer_policy`, else the response's
 * `Referrer-Policy` header, else `REFERRER_POLICY`. Redirected requests
 * (`meta.redirect_urls`) are checked again against their new URL before they
 * are downloaded, so a cross-origin redirect does not leak more than the policy allows.
 */
import type { CrawlerContext } from '../component/context.js';
import type { Logger } from '../engine/logger.js';
import type { Response } from '../http/response.js';
import { Request } from '../http/request.js';
import { NotConfigured, SettingsError } from '../errors.js';
import type { SpiderMiddleware } from './middlewareManager.js';
import { REFERRER_POLICIES, ReferrerSource, policyFromHeader, referrerPolicy, type ReferrerPolicy } from './referrerPolicy.js';

export class RefererMiddleware implements SpiderMiddleware {
  readonly #logger: Logger;
  readonly #defaultPolicy: ReferrerPolicy;
  readonly #warned = new Set<string>();

  #last: { response: Response; source: ReferrerSource; headerPolicy: ReferrerPolicy | null } | undefined;

  constructor(crawler: CrawlerContext) {
    const { settings } = crawler;
    if (!settings.get('REFERER_ENABLED')) throw new NotConfigured('REFERER_ENABLED is false');
    const name = settings.get('REFERRER_POLICY');
    const policy = referrerPolicy(name);
    if (!policy) throw new SettingsError(`REFERRER_POLICY: unknown referrer policy "${name}" (known: default, ${Object.keys(REFERRER_POLICIES).join(', ')})`);
    this.#defaultPolicy = policy;
    this.#logger = crawler.logger;
    crawler.signals.on('requestReachedDownloader', ({ request }) => this.#checkRedirect(request));
  }

  processOutputValue(response: Response, value: unknown): unknown {
    if (value instanceof Request && !value.headers.has('referer')) {
      const { source, headerPolicy } = this.#sourceOf(response);
      const referrer = this.#policyFor(value, headerPolicy)(source, value.url);
      if (referrer !== null) value.headers.set('Referer', referrer);
    }
    return value;
  }

  /** The referrer source and header policy of a response, kept for the requests that follow from it. */
  #sourceOf(response: Response): { source: ReferrerSource; headerPolicy: ReferrerPolicy | null } {
    if (this.#last?.response !== response) {
      this.#last = { response, source: new ReferrerSource(response.url), headerPolicy: this.#headerPolicy(response) };
    }
    return this.#last;
  }

  /** The request's own policy if it names a known one, else the response's, else the default. */
  #policyFor(request: Request, headerPolicy: ReferrerPolicy | null): ReferrerPolicy {
    const name: unknown = request.meta.referrer_policy;
    if (typeof name !== 'string') return headerPolicy ?? this.#defaultPolicy;
    return referrerPolicy(name) ?? this.#unknown(name, 'meta.referrer_policy');
  }

  #headerPolicy(response: Response): ReferrerPolicy | null {
    const header = response.headers.get('referrer-policy');
    if (header === null) return null;
    return policyFromHeader(header) ?? this.#unknown(header, 'Referrer-Policy header');
  }

  /** Warn once per unknown policy name; the default policy applies. */
  #unknown(name: string, where: string): ReferrerPolicy {
    if (!this.#warned.has(name)) {
      this.#warned.add(name);
      this.#logger.warning(`Unknown referrer policy "${name}" in ${where}: using REFERRER_POLICY`);
    }
    return this.#defaultPolicy;
  }

  /** A redirect keeps the Referer computed for the original URL: apply the policy to the new URL, with that Referer as the parent page. */
  #checkRedirect(request: Request): void {
    if (!request.meta.redirect_urls) return;
    const referer = request.headers.get('referer');
    if (referer === null) return;
    const patched = this.#policyFor(request, null)(new ReferrerSource(referer), request.url);
    if (patched === referer) return;
    if (patched === null) request.headers.delete('referer');
    else request.headers.set('Referer', patched);
  }
}
