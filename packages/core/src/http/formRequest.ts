/**
 * A request carrying form data, as Scrapy's `FormRequest`: an urlencoded body
 * for POST, the query string for GET; and `FormRequest.fromResponse`, which
 * submits a form of a page as a browser would, with the fields it has.
 */
import { Headers } from './headers.js';
import { Request, type Callback, type RequestInit } from './request.js';
import { checkOptions, requestInit } from './requestInit.js';
import { TextResponse } from './response.js';
import { formEntries, formFields, multipartBody, urlencodeFields, type FormData, type FormField } from './formEncoding.js';
import { clickedButton, findForm, formFieldsOf, type ClickData, type FormLocator } from './htmlForm.js';
import { stripHtml5Whitespace } from '../utils/url.js';

export type { FormData, FormValue } from './formEncoding.js';
export type { ClickData } from './htmlForm.js';

export interface FormRequestInit extends RequestInit {
  /** The fields to send; with any, the method defaults to POST. */
  formData?: FormData;
}

/** What `FormRequest.fromResponse(response, options)` takes: which form, what to change in it, and the request's options. */
export interface FromResponseOptions extends FormLocator, Omit<RequestInit, 'url' | 'body'> {
  /** Fields to set over the form's own (a `null` value removes a field). */
  formData?: FormData;
  /** The button to click, by its attributes (`{ name: 'op', value: 'delete' }`) or `{ nr: index }`; default: the first submit button. */
  clickData?: ClickData;
  /** Click no button: send only the fields. */
  dontClick?: boolean;
  /** Submit here instead of the form's `action` (resolved against the page). */
  url?: string;
}

const FROM_RESPONSE_OPTIONS = ['formName', 'formId', 'formXpath', 'formCss', 'formNumber', 'formData', 'clickData', 'dontClick'];
const FORM_METHODS = new Set(['GET', 'POST']);

export class FormRequest extends Request {
  static override readonly optionNames: ReadonlySet<string> = new Set([...Request.optionNames, 'formData']);

  constructor(init: FormRequestInit);
  constructor(url: string | URL, options?: Omit<FormRequestInit, 'url'> | Callback);
  constructor(first: FormRequestInit | string | URL, second?: Omit<FormRequestInit, 'url'> | Callback) {
    const { formData, ...init } = requestInit<FormRequestInit>(new.target.name, (new.target as typeof FormRequest).optionNames, first, second);
    const fields = formData === undefined ? [] : formFields(formData);
    // As Scrapy: empty form data is no form data (the method stays as given, GET by default).
    if (fields.length === 0) {
      super(init);
      return;
    }
    const encoded = urlencodeFields(fields, init.encoding);
    const method = (init.method ?? 'POST').toUpperCase();
    if (method === 'GET') {
      // The form replaces the URL's query, as browsers and Scrapy do; the fragment stays.
      const url = new URL(init.url);
      url.search = encoded;
      super(Object.assign({}, init, { method, url: url.href }));
      return;
    }
    const headers = new Headers(init.headers);
    headers.setDefault('Content-Type', 'application/x-www-form-urlencoded');
    super(Object.assign({}, init, { method, headers, body: encoded }));
  }

  /**
   * A request that submits a form of `response`, as Scrapy's
   * `FormRequest.from_response`: the fields the form has (hidden ones, checked
   * boxes and radios, selects' chosen options, textareas) with `formData`
   * over them, plus the clicked button's name and value, to the form's
   * `action` (resolved against the page's `<base>`) with its method. A form
   * with `enctype="multipart/form-data"` is sent as multipart, as a browser
   * sends it. The page's encoding encodes the fields unless `encoding` is given.
   *
   * Which form: `formName`, `formId`, `formXpath`, `formCss` or `formNumber`
   * (default the first). A form or button that is not there is a FormError
   * that says what the page has.
   */
  static fromResponse<T extends FormRequest>(this: new (init: FormRequestInit) => T, response: TextResponse, options: FromResponseOptions = {}): T {
    if (!(response instanceof TextResponse)) {
      const kind = typeof response === 'object' && response !== null ? (response as object).constructor.name : typeof response;
      throw new TypeError(`FormRequest.fromResponse needs an HTML response, got ${String(response)} (${kind})`);
    }
    if (typeof options !== 'object' || options === null) throw new TypeError(`FormRequest.fromResponse: the options must be an object such as { formId: 'login', formData: { user: 'ana' } }, got ${String(options)}`);
    checkOptions('FormRequest.fromResponse', FROM_RESPONSE_OPTION_NAMES, Object.assign({ url: response.url }, options as Record<string, unknown>));
    const { formName, formId, formXpath, formCss, formNumber, formData, clickData, dontClick, url, method, ...requestOptions } = options;
    const form = findForm(response, { formName, formId, formXpath, formCss, formNumber });

    const given = formData === undefined ? [] : formEntries(formData);
    const givenNames = new Set(given.map(([name]) => name));
    const fields: FormField[] = formFieldsOf(form, givenNames);
    if (!dontClick) {
      const button = clickedButton(form, clickData, response);
      if (button && !givenNames.has(button.name)) fields.push(button);
    }
    if (formData !== undefined) fields.push(...formFields(formData));

    const encoding = requestOptions.encoding ?? response.encoding;
    const target = formUrl(response, form.attribs.action, url);
    const submitMethod = formMethod(form.attribs.method, method);
    const multipart = submitMethod === 'POST' && form.attribs.enctype?.trim().toLowerCase() === 'multipart/form-data' && fields.length > 0;
    if (multipart) {
      const { body, contentType } = multipartBody(fields, encoding);
      const headers = new Headers(requestOptions.headers);
      headers.setDefault('Content-Type', contentType);
      return new this(Object.assign({}, requestOptions, { url: target, method: submitMethod, headers, body, encoding }));
    }
    return new this(Object.assign({}, requestOptions, { url: target, method: submitMethod, encoding, formData: fields.map(({ name, value }) => [name, value] as const) }));
  }
}

const FROM_RESPONSE_OPTION_NAMES: ReadonlySet<string> = new Set([...[...Request.optionNames].filter((name) => name !== 'body'), ...FROM_RESPONSE_OPTIONS]);

Request.registerKind('FormRequest', FormRequest);

/**
 * Where the form goes: `url` if given, else its `action`, resolved against the
 * page's base URL. A form without an action (or with an empty one) submits to
 * the page itself, as the HTML standard says (Scrapy takes the `<base href>`).
 */
function formUrl(response: TextResponse, action: string | undefined, url: string | undefined): string {
  if (url !== undefined) return response.urljoin(url);
  const target = action === undefined ? '' : stripHtml5Whitespace(action);
  return target === '' ? response.url : response.urljoin(target);
}

/** The method given, else the form's; a form's unknown method (`dialog`, `put`) submits with GET, as in browsers. */
function formMethod(formAttribute: string | undefined, given: string | undefined): string {
  if (given !== undefined) {
    const method = String(given).toUpperCase();
    if (!FORM_METHODS.has(method)) throw new TypeError(`FormRequest.fromResponse: a form submits with GET or POST, not ${JSON.stringify(given)}; use new Request(url, { method }) for other methods`);
    return method;
  }
  const method = (formAttribute ?? 'GET').toUpperCase();
  return FORM_METHODS.has(method) ? method : 'GET';
}

/** `name=value&...` of form data, urlencoded in `encoding` (UTF-8 by default) as Scrapy encodes it. */
export function encodeForm(data: FormData, encoding?: string): string {
  return urlencodeFields(formFields(data), encoding);
}
