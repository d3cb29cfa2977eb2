import { escapeHtml, page } from '../html.js';
import { sendHtml, type Ctx } from '../http.js';

export function notFound({ res, url }: Pick<Ctx, 'res' | 'url'>): void {
  sendHtml(res, page({ title: 'Not found', body: `    <h1>Not found</h1>\n    <p>Nothing lives at ${escapeHtml(url.pathname)}.</p>` }), 404);
}
