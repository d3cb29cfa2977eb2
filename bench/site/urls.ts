import { pagePath } from './pages.js';

/** Every URL of a bench site of `pages` pages served at `origin` (e.g. `http://127.0.0.1:PORT`). */
export function siteUrls(origin: string, pages: number): string[] {
  return Array.from({ length: pages }, (_, i) => `${origin}${pagePath(i)}`);
}
