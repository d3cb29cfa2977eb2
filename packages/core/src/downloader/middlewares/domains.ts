/** Host-in-domain matching, as Scrapy's `url_is_from_any_domain`: a domain covers itself and all its subdomains. */

export class DomainSet {
  readonly #domains: Set<string>;

  constructor(domains: Iterable<string>) {
    this.#domains = new Set([...domains].map((domain) => domain.toLowerCase().replace(/^\.+/, '')).filter(Boolean));
  }

  get size(): number {
    return this.#domains.size;
  }

  /** True when `host` is one of the domains or a subdomain of one: one set lookup per label, whatever the number of domains. */
  has(host: string): boolean {
    let candidate = host.toLowerCase();
    for (;;) {
      if (this.#domains.has(candidate)) return true;
      const dot = candidate.indexOf('.');
      if (dot < 0) return false;
      candidate = candidate.slice(dot + 1);
    }
  }
}
