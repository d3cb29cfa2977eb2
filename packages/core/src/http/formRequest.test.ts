/**
 * FormRequest.fromResponse against Scrapy 2.8's FormRequest.from_response,
 * recorded by fixtures/forms/record-scrapy.py on the pages in
 * fixtures/forms/pages (run it again after changing cases.json or a page),
 * and where Arachne answers differently on purpose, what it answers instead.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FormRequest, type FromResponseOptions } from './formRequest.js';
import { HtmlResponse, Response, TextResponse } from './response.js';
import { Request } from './request.js';
import { FormError } from '../errors.js';

interface PageSpec {
  url: string;
  contentType?: string;
  cases: FromResponseOptions[];
}
type Answer = { url: string; method: string; contentType: string | null; body: string } | { error: string; message: string };

const fixtures = new URL('fixtures/forms/', import.meta.url);
const spec = JSON.parse(readFileSync(new URL('cases.json', fixtures), 'utf8')) as Record<string, PageSpec>;
const recorded = JSON.parse(readFileSync(new URL('scrapy-answers.json', fixtures), 'utf8')) as { pages: Record<string, Answer[]> };

function page(name: string): HtmlResponse {
  const { url, contentType } = spec[name]!;
  return new HtmlResponse({ url, body: readFileSync(new URL(`pages/${name}`, fixtures)), headers: contentType ? { 'Content-Type': contentType } : {} });
}

function answer(response: TextResponse, options: FromResponseOptions): Answer {
  try {
    const request = FormRequest.fromResponse(response, options);
    return { url: request.url, method: request.method, contentType: request.headers.get('content-type'), body: request.body?.toString('latin1') ?? '' };
  } catch (error) {
    return { error: (error as Error).name, message: (error as Error).message };
  }
}

/**
 * Where Arachne differs from Scrapy on purpose, by page and case index: what
 * it answers, and why.
 */
const DIFFERENCES: Record<string, Record<number, { why: string; answer: Partial<Answer> | ((scrapy: Answer) => Partial<Answer>) }>> = {
  'several-forms.html': {
    1: {
      why: 'a form without action submits to the page itself (HTML standard); Scrapy takes the <base href>',
      answer: { url: 'https://shop.example.com/account/settings?tab=profile' },
    },
    2: { why: 'the same: no action', answer: { url: 'https://shop.example.com/account/settings?tab=profile' } },
    3: { why: 'the same: no action', answer: { url: 'https://shop.example.com/account/settings?tab=profile' } },
    8: {
      why: 'a form with enctype="multipart/form-data" is sent as multipart, as a browser sends it; Scrapy urlencodes it',
      answer: (scrapy) => ({ url: (scrapy as { url: string }).url, method: 'POST', contentType: expect.stringMatching(/^multipart\/form-data; boundary=----ArachneFormBoundary[0-9a-f]{16}$/) as unknown as string }),
    },
    9: { why: 'the same form: multipart', answer: { contentType: expect.stringMatching(/^multipart\/form-data; boundary=/) as unknown as string } },
    10: { why: 'action="" submits to the page itself (HTML standard); Scrapy takes the <base href>', answer: { url: 'https://shop.example.com/account/settings?tab=profile' } },
    12: { why: 'the error names the query language', answer: { error: 'FormError', message: expect.stringContaining(`No <form> element found with XPath "//div[@id='newsletter']"`) as unknown as string } },
    13: { why: 'the error names the CSS selector as written', answer: { error: 'FormError', message: 'No <form> element found with CSS "nav" in <200 https://shop.example.com/account/settings?tab=profile>' } },
    11: { why: 'the error says how many forms there are', answer: { error: 'FormError', message: 'Form number 9 not found in <200 https://shop.example.com/account/settings?tab=profile>: it has 8 forms (formNumber counts from 0)' } },
  },
  'aspnet.html': {
    5: { why: 'same error, our words', answer: { error: 'FormError', message: expect.stringMatching(/^No clickable element matching clickData \{"nr":99\} in <form id="aspnetForm" name="aspnetForm" action="\.\/Search\.aspx\?county=12">.*; its buttons: <input type="submit" name="ctl00\$Main\$btnSearch"/) as unknown as string } },
    7: { why: 'same error, our words', answer: { error: 'FormError', message: expect.stringMatching(/^Several elements match clickData \{"type":"submit"\}.*: <input type="submit" name="ctl00\$Main\$btnSearch".*, <input type="submit" name="ctl00\$Main\$btnClear"/) as unknown as string } },
    8: { why: 'same error, our words', answer: { error: 'FormError', message: expect.stringMatching(/^No clickable element matching clickData \{"name":"ctl00\$Main\$btnNothing"\}/) as unknown as string } },
  },
  'no-form.html': {
    0: { why: 'same error, our class', answer: { error: 'FormError', message: 'No <form> element found in <200 http://127.0.0.1:8000/thanks>' } },
  },
};

describe.each(Object.keys(spec))('FormRequest.fromResponse on %s as Scrapy answers', (name) => {
  const answers = recorded.pages[name]!;
  const cases = spec[name]!.cases;
  it('has a recorded answer for every case', () => {
    expect(answers).toHaveLength(cases.length);
  });
  it.each(cases.map((options, index) => [JSON.stringify(options), options, index] as const))('%s', (_, options, index) => {
    const scrapy = answers[index]!;
    const difference = DIFFERENCES[name]?.[index];
    const ours = answer(page(name), options);
    if (!difference) {
      expect(ours).toEqual(scrapy);
      return;
    }
    const expected = typeof difference.answer === 'function' ? difference.answer(scrapy) : difference.answer;
    expect(ours).toMatchObject(expected);
  });
});

describe('FormRequest.fromResponse', () => {
  const shop = () => page('several-forms.html');

  it('sends a multipart form as a browser does: one part per field, an empty file part, CRLF line ends', () => {
    const request = FormRequest.fromResponse(shop(), { formId: 'reorder-1001', formData: { comment: 'Two lines\nplease' } });
    const boundary = /boundary=(.+)$/.exec(request.headers.get('content-type')!)![1]!;
    expect(request.body!.toString('utf8')).toBe(
      `--${boundary}\r\nContent-Disposition: form-data; name="order"\r\n\r\n1001\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="receipt"; filename=""\r\nContent-Type: application/octet-stream\r\n\r\n\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="reorder"\r\n\r\nOrder again\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="comment"\r\n\r\nTwo lines\r\nplease\r\n` +
        `--${boundary}--\r\n`,
    );
    // The same form gives the same request (so the dupefilter and the HTTP cache see one).
    expect(FormRequest.fromResponse(shop(), { formId: 'reorder-1001', formData: { comment: 'Two lines\nplease' } }).body).toEqual(request.body);
  });

  it('keeps the request options it is given and comes back from toData as a FormRequest', () => {
    const parseAccount = () => [];
    const request = FormRequest.fromResponse(shop(), { formId: 'profile', callback: parseAccount, meta: { step: 2 }, headers: { 'X-Requested-With': 'XMLHttpRequest' }, priority: 5, dontFilter: true });
    expect(request).toBeInstanceOf(FormRequest);
    expect([request.callback, request.meta, request.headers.get('x-requested-with'), request.priority, request.dontFilter]).toEqual([parseAccount, { step: 2 }, 'XMLHttpRequest', 5, true]);
    const back = Request.fromData(FormRequest.fromResponse(shop(), { formId: 'profile' }).toData());
    expect(back).toBeInstanceOf(FormRequest);
    expect(back.body?.toString()).toBe('display_name=Ana&_method=PATCH&op=update');
  });

  it('encodes the fields in the page\'s encoding, or the one given', () => {
    const latin1 = page('latin1.html');
    expect(FormRequest.fromResponse(latin1, { formData: { q: 'thé ☕' } }).body?.toString()).toBe('devise=%A3&ok=Chercher+%BB&q=th%E9+%26%239749%3B');
    expect(FormRequest.fromResponse(latin1, { encoding: 'utf-8' }).body?.toString()).toBe('q=cr%C3%A8me+br%C3%BBl%C3%A9e&devise=%C2%A3&ok=Chercher+%C2%BB');
  });

  it('reads a textarea\'s character references and a form inside a table cell', () => {
    const response = new HtmlResponse({
      url: 'http://127.0.0.1/post/7',
      body: '<table><tr><td><form action="reply" method="post"><textarea name="body">Fish &amp; chips &lt;3</textarea><input type="submit" name="go" value="Reply"></form></td></tr></table>',
    });
    expect(FormRequest.fromResponse(response).body?.toString()).toBe('body=Fish+%26+chips+%3C3&go=Reply');
  });

  it.each([
    [{ formName: 'login' }, /^No <form name="login"> in <200 https:\/\/shop\.example\.com\/account\/settings\?tab=profile>; its forms: <form name="newsletter" action="subscribe">, <form id="profile" name="profile">, /],
    [{ formId: 'checkout' }, /^No <form id="checkout"> in .*; its forms: /],
  ])('names what is not there, where Scrapy would take the first form: %j', (options, message) => {
    expect(() => FormRequest.fromResponse(shop(), options)).toThrow(FormError);
    expect(() => FormRequest.fromResponse(shop(), options)).toThrow(message);
  });

  it.each([
    [{ formdata: { a: '1' } }, /FormRequest\.fromResponse: "formdata" is Scrapy's name; in Arachne it is "formData"/],
    [{ dont_click: true }, /"dont_click" is Scrapy's name; in Arachne it is "dontClick"/],
    [{ formnumber: 1 }, /"formnumber" is Scrapy's name; in Arachne it is "formNumber"/],
    [{ formNmae: 'x' }, /unknown option "formNmae" — did you mean "formName"\?/],
    [{ body: 'x=1' }, /unknown option "body"/],
    [{ method: 'PUT' }, /a form submits with GET or POST, not "PUT"/],
    [{ formNumber: -1 }, /formNumber must be a whole number from 0, got -1/],
    [{ formXpath: '//form', formCss: 'form' }, /give formXpath or formCss, not both/],
    [{ clickData: 'go' }, /clickData must be an object of attributes/],
    [{ formData: { a: { b: 1 } } }, /form field "a" must be a string or number/],
  ])('rejects a wrong option with a TypeError: %j', (options, message) => {
    expect(() => FormRequest.fromResponse(shop(), options as never)).toThrow(TypeError);
    expect(() => FormRequest.fromResponse(shop(), options as never)).toThrow(message);
  });

  it('needs an HTML response', () => {
    const binary = new Response({ url: 'http://127.0.0.1/logo.png', body: Buffer.from([0x89, 0x50]) });
    expect(() => FormRequest.fromResponse(binary as never)).toThrow(/needs an HTML response, got <200 http:\/\/127\.0\.0\.1\/logo\.png> \(Response\)/);
  });
});
