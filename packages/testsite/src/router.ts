import type { IncomingMessage, ServerResponse } from 'node:http';
import { badRequest, type Route, type Site } from './http.js';
import { accountRoutes } from './routes/account.js';
import { catalogueRoutes } from './routes/catalogue.js';
import { contentRoutes } from './routes/content.js';
import { echoRoutes } from './routes/echo.js';
import { errorRoutes } from './routes/errors.js';
import { mediaRoutes } from './routes/media.js';
import { notFound } from './routes/notFound.js';
import { payloadRoutes } from './routes/payloads.js';
import { redirectRoutes } from './routes/redirects.js';

const ROUTES: readonly Route[] = [...catalogueRoutes, ...redirectRoutes, ...errorRoutes, ...contentRoutes, ...payloadRoutes, ...echoRoutes, ...accountRoutes, ...mediaRoutes];

export function route(req: IncomingMessage, res: ServerResponse, site: Site): void {
  let url: URL;
  try {
    url = new URL(req.url ?? '/', site.origin);
  } catch {
    return badRequest(res, 'unparsable request target');
  }
  for (const [pattern, handler] of ROUTES) {
    const match = pattern.exec(url.pathname);
    if (!match) continue;
    Promise.resolve()
      .then(() => handler({ req, res, url, params: match.slice(1), site }))
      .catch((error: unknown) => {
        if (res.headersSent) res.destroy();
        else res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`Internal error: ${String(error)}\n`);
      });
    return;
  }
  notFound({ res, url });
}
