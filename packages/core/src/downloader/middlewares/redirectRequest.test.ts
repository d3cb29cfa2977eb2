import { describe, expect, it } from 'vitest';
import { Request } from '../../http/request.js';
import { Response } from '../../http/response.js';
import { Logger } from '../../engine/logger.js';
import { decodeLocation, followRedirect } from './redirectRequest.js';

const policy = { maxTimes: 20, priorityAdjust: 2, logger: Logger.create({ enabled: false }) };
const hop = (url: string, useGet = false) => ({ url, reason: 302, useGet, response: new Response({ url: 'http://a.test/', status: 302 }) });
const credentials = { Authorization: 'Basic eA==', Cookie: 'k=v', 'Proxy-Authorization': 'Basic cA==' };

describe('followRedirect header rules', () => {
  it('keeps cookies on an upgrade to https but drops Authorization (another origin)', () => {
    const next = followRedirect(new Request({ url: 'http://a.test/', headers: credentials }), hop('https://a.test/'), policy);
    expect(next.headers.get('cookie')).toBe('k=v');
    expect(next.headers.has('authorization')).toBe(false);
  });

  it('drops both on a downgrade to http, and Authorization only on another port', () => {
    const down = followRedirect(new Request({ url: 'https://a.test/', headers: credentials }), hop('http://a.test/'), policy);
    expect(down.headers.has('cookie')).toBe(false);
    expect(down.headers.has('authorization')).toBe(false);
    const port = followRedirect(new Request({ url: 'http://a.test/', headers: credentials }), hop('http://a.test:8080/'), policy);
    expect(port.headers.get('cookie')).toBe('k=v');
    expect(port.headers.has('authorization')).toBe(false);
    const explicitDefaultPort = followRedirect(new Request({ url: 'http://a.test/', headers: credentials }), hop('http://a.test:80/x'), policy);
    expect(explicitDefaultPort.headers.get('authorization')).toBe('Basic eA==');
  });

  it('drops a per-scheme proxy and its credentials when the scheme changes', () => {
    const meta = { proxy: 'http://proxy.test:3128', _scheme_proxy: true, _auth_proxy: 'http://proxy.test:3128' };
    const changed = followRedirect(new Request({ url: 'http://a.test/', headers: credentials, meta: { ...meta } }), hop('https://a.test/'), policy);
    expect(changed.meta.proxy).toBeUndefined();
    expect(changed.meta._scheme_proxy).toBeUndefined();
    expect(changed.headers.has('proxy-authorization')).toBe(false);

    const sameScheme = followRedirect(new Request({ url: 'http://a.test/', headers: credentials, meta: { ...meta } }), hop('http://b.test/'), policy);
    expect(sameScheme.meta.proxy).toBe(meta.proxy);
    expect(sameScheme.headers.get('proxy-authorization')).toBe('Basic cA==');

    const userProxy = followRedirect(new Request({ url: 'http://a.test/', headers: credentials, meta: { proxy: meta.proxy } }), hop('https://a.test/'), policy);
    expect(userProxy.meta.proxy).toBe(meta.proxy);
    expect(userProxy.headers.get('proxy-authorization')).toBe('Basic cA==');
  });

  it('switches to a bodiless GET without the body headers', () => {
    const post = new Request({ url: 'http://a.test/', method: 'POST', body: 'x=1', headers: { 'Content-Type': 'text/plain', 'Content-Length': '3', 'Content-Language': 'en', Accept: '*/*' } });
    const next = followRedirect(post, hop('http://a.test/next', true), policy);
    expect(next.method).toBe('GET');
    expect(next.body).toBeNull();
    expect([...next.headers]).toEqual([['Accept', '*/*']]);
    expect(next.priority).toBe(2);
  });
});

describe('decodeLocation', () => {
  it('decodes UTF-8 bytes that Node handed over as latin1', () => {
    expect(decodeLocation(Buffer.from('/café', 'utf8').toString('latin1'))).toBe('/café');
    expect(decodeLocation('/plain?a=1')).toBe('/plain?a=1');
    expect(decodeLocation('/caf\xe9')).toBe('/caf\xe9'); // latin1, not UTF-8: left as is
  });
});
