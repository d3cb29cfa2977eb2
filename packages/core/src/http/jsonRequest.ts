/** A request with a JSON body (and JSON Accept/Content-Type headers), as Scrapy's `JsonRequest`. */
import { Headers } from './headers.js';
import { Request, type Callback, type RequestInit } from './request.js';
import { requestInit } from './requestInit.js';

export interface JsonRequestInit extends RequestInit {
  /** Serialized as the body; makes the method default to POST. */
  data?: unknown;
}

export class JsonRequest extends Request {
  static override readonly optionNames: ReadonlySet<string> = new Set([...Request.optionNames, 'data']);

  constructor(init: JsonRequestInit);
  constructor(url: string | URL, options?: Omit<JsonRequestInit, 'url'> | Callback);
  constructor(first: JsonRequestInit | string | URL, second?: Omit<JsonRequestInit, 'url'> | Callback) {
    const init = requestInit<JsonRequestInit>(new.target.name, (new.target as typeof JsonRequest).optionNames, first, second);
    const headers = new Headers(init.headers);
    headers.setDefault('Content-Type', 'application/json');
    headers.setDefault('Accept', 'application/json, text/javascript, */*; q=0.01');
    const hasData = init.data !== undefined;
    const { data: _data, ...rest } = init;
    super({
      ...rest,
      headers,
      method: init.method ?? (hasData ? 'POST' : 'GET'),
      body: hasData ? JSON.stringify(init.data) : init.body,
    });
  }
}

Request.registerKind('JsonRequest', JsonRequest);
