/** A request with a JSON body (and JSON Accept/Content-Type headers), as Scrapy's `JsonRequest`. */
import { Headers } from './headers.js';
import { Request, type RequestInit } from './request.js';

export interface JsonRequestInit extends RequestInit {
  /** Serialized as the body; makes the method default to POST. */
  data?: unknown;
}

export class JsonRequest extends Request {
  constructor(init: JsonRequestInit) {
    const headers = new Headers(init.headers);
    headers.setDefault('Content-Type', 'application/json');
    headers.setDefault('Accept', 'application/json, text/javascript, */*; q=0.01');
    const hasData = init.data !== undefined;
    super({
      ...init,
      headers,
      method: init.method ?? (hasData ? 'POST' : 'GET'),
      body: hasData ? JSON.stringify(init.data) : init.body,
    });
  }
}

Request.registerKind('JsonRequest', JsonRequest);
