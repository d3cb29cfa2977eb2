import { describe, expect, test } from 'vitest';
import { runArachne, tempDir, useSite } from './helpers.js';

const site = useSite();
const cwd = tempDir({});

describe.concurrent('arachne fetch', () => {
  test('prints the body of a page, following redirects', async () => {
    const result = await runArachne(['fetch', `${site.url}/redirect`, '--nolog'], cwd);
    expect(result).toEqual({ code: 0, stdout: '<html><body><h1>Page 1</h1><a href="/page/2">next</a></body></html>', stderr: '' });
  });

  test('--headers with --no-redirect prints the request headers and the 3xx response headers', async () => {
    const result = await runArachne(['fetch', `${site.url}/redirect`, '--headers', '--no-redirect', '-s', 'USER_AGENT=fetch-test', '--nolog'], cwd);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('> User-Agent: fetch-test\n');
    expect(result.stdout).toContain('\n< 302\n');
    expect(result.stdout).toMatch(/^< location: \/page\/1$/im);
  });

  test('a failed download is one error line and exit code 1', async () => {
    const result = await runArachne(['fetch', 'http://127.0.0.1:1/', '--nolog', '-s', 'RETRY_ENABLED=false'], cwd);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^arachne: error: cannot fetch http:\/\/127\.0\.0\.1:1\/: .*ECONNREFUSED.*\n$/);
  });
});
