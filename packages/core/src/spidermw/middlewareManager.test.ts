import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SpiderMiddlewareManager, type Output, type SpiderMiddleware } from './middlewareManager.js';
import { HtmlResponse, type Response } from '../http/response.js';
import { Request } from '../http/request.js';
import { Spider } from '../spiders/spider.js';
import { crawl, startServer, type TestServer } from '../../test/support/testServer.js';

class NullSpider extends Spider {
  name = 'null';
}
const spider = new NullSpider();
const response = new HtmlResponse({ url: 'http://example.com/', body: '<p>x</p>', request: new Request('http://example.com/') });

type Tagged = { id: string; trail: string[] };
const item = (id: string): Tagged => ({ id, trail: [] });

async function collect(output: Output): Promise<unknown[]> {
  const values: unknown[] = [];
  for await (const value of output) values.push(value);
  return values;
}

/** An iteration-layer middleware that stamps its name on every item it passes. */
function stamping(name: string, extra: Partial<SpiderMiddleware> = {}): SpiderMiddleware {
  return {
    async *processSpiderOutput(_response, result) {
      for await (const value of result) {
        (value as Tagged).trail.push(name);
        yield value;
      }
    },
    ...extra,
  };
}

/** A per-value middleware that stamps its name. */
function stampingValues(name: string): SpiderMiddleware {
  return {
    processOutputValue(_response, value) {
      (value as Tagged).trail.push(name);
      return value;
    },
  };
}

describe('SpiderMiddlewareManager order', () => {
  it('runs processSpiderInput in increasing order', async () => {
    const log: string[] = [];
    const manager = new SpiderMiddlewareManager(['a', 'b', 'c'].map((name) => ({ processSpiderInput: () => void log.push(name) })));
    await manager.processInput(response, spider);
    expect(log).toEqual(['a', 'b', 'c']);
  });

  it('runs processSpiderOutput in decreasing order (closest to the spider first)', async () => {
    const manager = new SpiderMiddlewareManager([stamping('engine-side'), stamping('middle'), stamping('spider-side')]);
    const [value] = await collect(manager.processOutput(response, [item('x')], spider));
    expect((value as Tagged).trail).toEqual(['spider-side', 'middle', 'engine-side']);
  });

  it('keeps the order when processOutputValue hooks are fused around a processSpiderOutput', async () => {
    const manager = new SpiderMiddlewareManager([
      stampingValues('v1'),
      stampingValues('v2'),
      {
        async *processSpiderOutput(_response, result) {
          for await (const value of result) {
            (value as Tagged).trail.push('iter');
            yield value;
          }
          yield item('added-by-iter');
        },
      },
      stampingValues('v3'),
      stampingValues('v4'),
    ]);
    const values = (await collect(manager.processOutput(response, [item('a'), item('b')], spider))) as Tagged[];
    expect(values.map((value) => value.id)).toEqual(['a', 'b', 'added-by-iter']);
    expect(values[0]!.trail).toEqual(['v4', 'v3', 'iter', 'v2', 'v1']);
    expect(values[2]!.trail).toEqual(['v2', 'v1']);
  });

  it('drops a value when processOutputValue returns null, and keeps a sync output sync', () => {
    const manager = new SpiderMiddlewareManager([{ processOutputValue: (_response, value) => ((value as Tagged).id === 'drop' ? null : value) }]);
    const output = manager.processOutput(response, [item('keep'), item('drop'), item('keep2')], spider);
    expect(Symbol.asyncIterator in output).toBe(false);
    expect([...(output as Iterable<Tagged>)].map((value) => value.id)).toEqual(['keep', 'keep2']);
  });

  it('runs processStart in decreasing order', async () => {
    const manager = new SpiderMiddlewareManager([
      { processStart: async function* (start) {
        for await (const value of start) yield `${String(value)}>engine-side`;
      } },
      { processStart: async function* (start) {
        yield 'injected';
        for await (const value of start) yield `${String(value)}>spider-side`;
      } },
    ]);
    expect(await collect(manager.processStart(['s'], spider))).toEqual(['injected>engine-side', 's>spider-side>engine-side']);
  });
});

describe('spider middleware exceptions in a crawl', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<p>page</p>'));
  });
  afterAll(() => server.close());

  /**
   * Three middlewares, engine side to spider side: outer (510), recoverer (520), inner (530). Each
   * stamps the items it passes; the recoverer turns errors into a `recovered` item.
   */
  function chain(log: string[], innerOutput?: SpiderMiddleware['processSpiderOutput']) {
    const exceptionHook = (name: string, recover: boolean) => (_response: Response, error: Error) => {
      log.push(`${name}:${error.message}`);
      return recover ? [item(`recovered from ${error.message}`)] : null;
    };
    class Outer {
      processSpiderOutput = stamping('outer').processSpiderOutput;
      processSpiderException = exceptionHook('outer', false);
    }
    class Recoverer {
      processSpiderOutput = stamping('recoverer').processSpiderOutput;
      processSpiderException = exceptionHook('recoverer', true);
    }
    class Inner {
      processSpiderOutput = innerOutput ?? stamping('inner').processSpiderOutput;
      processSpiderException = exceptionHook('inner', false);
    }
    return { SPIDER_MIDDLEWARES: [[Outer, 510], [Recoverer, 520], [Inner, 530]] as Array<[new () => object, number]> };
  }

  function spiderThat(url: string, parse: (this: Spider) => unknown) {
    return class extends Spider {
      name = 'exceptions';
      override startUrls = [`${url}/`];
      override parse() {
        return parse.call(this) as never;
      }
    };
  }

  it('a callback that throws goes through processSpiderException closest-to-spider first; the recovered output passes only the middlewares after the recoverer', async () => {
    const log: string[] = [];
    const S = spiderThat(server.url, () => {
      throw new Error('boom');
    });
    const { items, crawler } = await crawl(S, chain(log));
    expect(log).toEqual(['inner:boom', 'recoverer:boom']);
    expect(items).toEqual([{ id: 'recovered from boom', trail: ['outer'] }]);
    expect(crawler.stats.getValue('spider_exceptions/count')).toBeUndefined();
  });

  it('an error in the middle of a generator keeps the items before it and recovers the same way', async () => {
    const log: string[] = [];
    const S = spiderThat(server.url, async function* () {
      yield item('first');
      throw new Error('midway');
    });
    const { items } = await crawl(S, chain(log));
    expect(log).toEqual(['inner:midway', 'recoverer:midway']);
    expect(items).toEqual([
      { id: 'first', trail: ['inner', 'recoverer', 'outer'] },
      { id: 'recovered from midway', trail: ['outer'] },
    ]);
  });

  it('an error raised by a processSpiderOutput goes to the processSpiderException of the middlewares after it', async () => {
    const log: string[] = [];
    const S = spiderThat(server.url, () => [item('a')]);
    // eslint-disable-next-line require-yield
    const failingInner: SpiderMiddleware['processSpiderOutput'] = async function* failing() {
      throw new Error('inner broke');
    };
    const { items } = await crawl(S, chain(log, failingInner));
    expect(log).toEqual(['recoverer:inner broke']);
    expect(items).toEqual([{ id: 'recovered from inner broke', trail: ['outer'] }]);
  });

  it('logs and counts an error no middleware handles, once, and the crawl goes on', async () => {
    const log: string[] = [];
    class Passive {
      processSpiderException(_response: Response, error: Error) {
        log.push(error.message);
        return null;
      }
    }
    const url = server.url;
    class S extends Spider {
      name = 'unhandled';
      override startUrls = [`${url}/1`, `${url}/2`];
      override async *parse(res: Response) {
        if (res.url.endsWith('/1')) throw new RangeError('unhandled');
        yield { ok: res.url };
      }
    }
    const { items, crawler, log: text } = await crawl(S, { SPIDER_MIDDLEWARES: [[Passive, 10], [class Passive2 extends Passive {}, 600]] });
    expect(log).toEqual(['unhandled', 'unhandled']);
    expect(items).toEqual([{ ok: `${url}/2` }]);
    expect(crawler.stats.getValue('spider_exceptions/RangeError')).toBe(1);
    expect(crawler.stats.getValue('spider_exceptions/count')).toBe(1);
    expect(text.match(/Spider error processing/g)).toHaveLength(1);
  });

  it('sends requests yielded by a recovery through the remaining middlewares (depth is set)', async () => {
    const url = server.url;
    class Recover {
      processSpiderException() {
        return [new Request({ url: `${url}/recovered`, callback: 'parseRecovered' })];
      }
    }
    class S extends Spider {
      name = 'recover-request';
      override startUrls = [`${url}/start`];
      override async *parse() {
        yield* [];
        throw new Error('go elsewhere');
      }
      parseRecovered(res: Response) {
        return [{ url: res.url, depth: res.meta.depth }];
      }
    }
    const { items } = await crawl(S, { SPIDER_MIDDLEWARES: [[Recover, 950]] });
    expect(items).toEqual([{ url: `${url}/recovered`, depth: 1 }]);
  });
});
