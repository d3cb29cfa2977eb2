/** A request carrying form data, as Scrapy's `FormRequest`: urlencoded body for POST, query string for GET. */
import { Headers } from './headers.js';
import { Request, type Callback, type RequestInit } from './request.js';
import { requestInit } from './requestInit.js';

export type FormData = Record<string, string | number | ReadonlyArray<string | number>> | Iterable<readonly [string, string]>;

export interface FormRequestInit extends RequestInit {
  formdata?: FormData;
}

export class FormRequest extends Request {
  static override readonly optionNames: ReadonlySet<string> = new Set([...Request.optionNames, 'formdata']);

  constructor(init: FormRequestInit);
  constructor(url: string | URL, options?: Omit<FormRequestInit, 'url'> | Callback);
  constructor(first: FormRequestInit | string | URL, second?: Omit<FormRequestInit, 'url'> | Callback) {
    const { formdata, ...init } = requestInit<FormRequestInit>(new.target.name, (new.target as typeof FormRequest).optionNames, first, second);
    if (!formdata) {
      super(init);
      return;
    }
    const encoded = encodeForm(formdata);
    const method = (init.method ?? 'POST').toUpperCase();
    if (method === 'GET') {
      const url = new URL(init.url);
      url.search = url.search ? `${url.search.slice(1)}&${encoded}` : encoded;
      super({ ...init, method, url: url.href });
      return;
    }
    const headers = new Headers(init.headers);
    headers.setDefault('Content-Type', 'application/x-www-form-urlencoded');
    super({ ...init, method, headers, body: encoded });
  }
}

Request.registerKind('FormRequest', FormRequest);

export function encodeForm(data: FormData): string {
  const params = new URLSearchParams();
  const entries = Symbol.iterator in data ? (data as Iterable<readonly [string, string]>) : Object.entries(data);
  for (const [key, value] of entries) {
    if (Array.isArray(value)) for (const item of value) params.append(key, String(item));
    else params.append(key, String(value));
  }
  return params.toString();
}
