import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Spider, type SettingsInput, type TextResponse } from '../index.js';
import { crawl, startServer, type TestServer } from '../../test/support/testServer.js';

const TREE_DEPTH = 3;

/** A binary tree of pages: /n/ links to /n/0 and /n/1, /n/0 to /n/00 and /n/01, ... down to TREE_DEPTH. */
let server: TestServer;
beforeAll(async () => {
  server = await startServer((req, res) => {
    const node = (req.url ?? '').slice('/n/'.length);
    const children = node.length < TREE_DEPTH ? [`${node}0`, `${node}1`] : [];
    res.writeHead(200, { 'Content-Type': 'text/html' }).end(`<html><body>${children.map((c) => `<a href="/n/${c}">${c}</a>`).join('')}</body></html>`);
  });
});
afterAll(() => server.close());

/** Crawls the tree; returns the node (path after /n/) of each response, in the order they were parsed, and meta.depth of each. */
async function crawlTree(settings: SettingsInput = {}) {
  const order: string[] = [];
  const depths = new Map<string, number>();
  const priorities = new Map<string, number>();
  class TreeSpider extends Spider {
    name = 'tree';
    override startUrls = [`${server.url}/n/`];
    override parse(response: TextResponse) {
      const node = new URL(response.url).pathname.slice('/n/'.length);
      order.push(node);
      depths.set(node, response.meta.depth);
      priorities.set(node, response.request.priority);
      return response.followAll(response.css('a'));
    }
  }
  const result = await crawl(TreeSpider, { CONCURRENT_REQUESTS: 1, ...settings });
  return { ...result, order, depths, priorities };
}

describe('DepthMiddleware', () => {
  it('sets meta.depth: 0 on start requests, parent + 1 on followed links', async () => {
    const { depths, stat } = await crawlTree();
    expect(depths.size).toBe(15);
    for (const [node, depth] of depths) expect(depth).toBe(node.length);
    expect(stat('request_depth_max')).toBe(3);
  });

  it('crawls breadth-first with DEPTH_PRIORITY 1', async () => {
    const { order, priorities } = await crawlTree({ DEPTH_PRIORITY: 1 });
    expect(order).toHaveLength(15);
    for (const [node, priority] of priorities) expect(priority + node.length).toBe(0);
    const levels = order.map((node) => node.length);
    expect(levels).toEqual([...levels].sort((a, b) => a - b));
  });

  it('crawls depth-first with DEPTH_PRIORITY -1', async () => {
    const { order } = await crawlTree({ DEPTH_PRIORITY: -1 });
    expect(order).toHaveLength(15);
    expect(order.slice(0, 4).map((node) => node.length)).toEqual([0, 1, 2, 3]);
  });

  it('drops requests past DEPTH_LIMIT with reason "depth", and counts depths with DEPTH_STATS_VERBOSE', async () => {
    const { order, stat, log } = await crawlTree({ DEPTH_LIMIT: 2, DEPTH_STATS_VERBOSE: true });
    expect(order.every((node) => node.length <= 2)).toBe(true);
    expect(order).toHaveLength(7);
    expect(stat('request_dropped_reasons_count/depth')).toBe(8);
    expect(stat('request_depth_max')).toBe(2);
    expect([0, 1, 2, 3].map((depth) => stat(`request_depth_count/${depth}`))).toEqual([1, 2, 4, undefined]);
    expect(log).toMatch(/DEBUG: Ignoring link \(depth > 2\): http:\/\/127\.0\.0\.1:\d+\/n\/\d{3}/);
  });

  it('leaves depth stats alone without DEPTH_STATS_VERBOSE', async () => {
    const { stat } = await crawlTree();
    expect(stat('request_depth_count/0')).toBeUndefined();
  });
});
