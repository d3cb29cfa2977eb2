/**
 * The W3C referrer policies (https://www.w3.org/TR/referrer-policy/) as pure
 * functions of the parent page's URL and the request's URL, plus Scrapy's
 * `scrapy-default`: no-referrer-when-downgrade, but never from `file:` or `s3:` pages.
 */
import { tryParseUrl } from '../utils/url.js';

/** Schemes whose URLs are never sent as a referrer. */
const LOCAL_SCHEMES = new Set(['about:', 'blob:', 'data:', 'filesystem:']);
const DEFAULT_POLICY_EXTRA_SCHEMES = new Set(['file:', 's3:']);

/** The page a request comes from; its stripped forms are computed once, on demand. */
export class ReferrerSource {
  readonly #url: URL | null;
  #full: string | null | undefined;
  #origin: string | null | undefined;

  constructor(readonly url: string) {
    this.#url = tryParseUrl(url);
  }

  get scheme(): string {
    return this.#url?.protocol ?? '';
  }

  get tlsProtected(): boolean {
    return isTlsProtected(this.url);
  }

  /** The URL without credentials and fragment, or null for a local scheme. */
  get full(): string | null {
    if (this.#full === undefined) this.#full = this.#url && !LOCAL_SCHEMES.has(this.#url.protocol) ? stripUrl(this.#url) : null;
    return this.#full;
  }

  /** `scheme://host[:port]/`, or null for a local scheme. */
  get origin(): string | null {
    if (this.#origin === undefined) this.#origin = this.#url && !LOCAL_SCHEMES.has(this.#url.protocol) ? originOf(this.#url) : null;
    return this.#origin;
  }

  isSameOrigin(target: string): boolean {
    const parsed = this.#url && tryParseUrl(target);
    return parsed ? this.origin === originOf(parsed) : false;
  }
}

/** The referrer to send from `from` to `to`, or null for none. */
export type ReferrerPolicy = (from: ReferrerSource, to: string) => string | null;

const noReferrerWhenDowngrade: ReferrerPolicy = (from, to) => (!from.tlsProtected || isTlsProtected(to) ? from.full : null);
const strictOrigin: ReferrerPolicy = (from, to) => (!from.tlsProtected || isTlsProtected(to) ? from.origin : null);

export const REFERRER_POLICIES = {
  'no-referrer': () => null,
  'no-referrer-when-downgrade': noReferrerWhenDowngrade,
  'same-origin': (from, to) => (from.isSameOrigin(to) ? from.full : null),
  origin: (from) => from.origin,
  'strict-origin': strictOrigin,
  'origin-when-cross-origin': (from, to) => (from.isSameOrigin(to) ? from.full : from.origin),
  'strict-origin-when-cross-origin': (from, to) => (from.isSameOrigin(to) ? from.full : strictOrigin(from, to)),
  'unsafe-url': (from) => from.full,
  'scrapy-default': (from, to) => (DEFAULT_POLICY_EXTRA_SCHEMES.has(from.scheme) ? null : noReferrerWhenDowngrade(from, to)),
} satisfies Record<string, ReferrerPolicy>;

export type ReferrerPolicyName = keyof typeof REFERRER_POLICIES;

/** A policy by name (case-insensitive; `default` is `scrapy-default`, the empty string no-referrer-when-downgrade), or null. */
export function referrerPolicy(name: string): ReferrerPolicy | null {
  const key = name.trim().toLowerCase();
  if (key === '') return REFERRER_POLICIES['no-referrer-when-downgrade'];
  if (key === 'default') return REFERRER_POLICIES['scrapy-default'];
  return Object.hasOwn(REFERRER_POLICIES, key) ? REFERRER_POLICIES[key as ReferrerPolicyName] : null;
}

/** The policy a `Referrer-Policy` header sets: its last recognized token, as browsers do; null if none. */
export function policyFromHeader(value: string): ReferrerPolicy | null {
  let policy: ReferrerPolicy | null = null;
  for (const token of value.split(',')) {
    if (token.trim() === '') continue;
    policy = referrerPolicy(token) ?? policy;
  }
  return policy;
}

function isTlsProtected(url: string): boolean {
  return url.startsWith('https:') || url.startsWith('ftps:');
}

function stripUrl(url: URL): string {
  if (!url.username && !url.password && !url.href.includes('#')) return url.href;
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  copy.hash = '';
  return copy.href;
}

function originOf(url: URL): string {
  return `${url.protocol}//${url.host}/`;
}
