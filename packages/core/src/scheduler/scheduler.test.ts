import { describe, expect, it } from 'vitest';
import { Scheduler } from './scheduler.js';
import { MemoryPriorityQueue, type RequestQueue, type SeenSet } from './queue.js';
import { MemorySeenSet } from './memorySeenSet.js';
import { Request } from '../http/request.js';
import { Settings } from '../settings/settings.js';
import { StatsCollector } from '../engine/stats.js';
import { SignalManager, type SignalPayloads } from '../engine/signals.js';
import { Logger } from '../engine/logger.js';
import type { Crawler } from '../engine/crawler.js';

/** Just what the scheduler uses of a crawler, with the log and the dropped requests recorded. */
function fakeCrawler(settings: Record<string, unknown> = {}) {
  const lines: string[] = [];
  const dropped: Array<SignalPayloads['requestDropped']> = [];
  const scheduled: Request[] = [];
  const signals = new SignalManager((message) => lines.push(message));
  signals.on('requestDropped', (payload) => {
    dropped.push(payload);
  });
  signals.on('requestScheduled', ({ request }) => {
    scheduled.push(request);
  });
  const crawler = {
    settings: new Settings(settings),
    stats: new StatsCollector(),
    signals,
    logger: new Logger('arachne.scheduler', { level: 10, sink: { write: (line) => lines.push(line) } }),
    spider: { name: 'fake' },
  } as unknown as Crawler;
  return { crawler, lines, dropped, scheduled };
}

const get = (path: string, init: { dontFilter?: boolean; priority?: number } = {}) => new Request({ url: `http://example.com${path}`, ...init });

describe('Scheduler', () => {
  it('queues new requests and hands them out by priority', () => {
    const { crawler, scheduled } = fakeCrawler();
    const scheduler = new Scheduler(crawler);
    expect(scheduler.enqueueRequest(get('/a'))).toBe(true);
    expect(scheduler.enqueueRequest(get('/b', { priority: 1 }))).toBe(true);
    expect(scheduler.size).toBe(2);
    expect(scheduler.hasPendingRequests()).toBe(true);
    expect((scheduler.nextRequest() as Request).url).toBe('http://example.com/b');
    expect((scheduler.nextRequest() as Request).url).toBe('http://example.com/a');
    expect(scheduler.nextRequest()).toBeNull();
    expect(scheduled).toHaveLength(2);
    expect(crawler.stats.getValue('scheduler/enqueued')).toBe(2);
    expect(crawler.stats.getValue('scheduler/dequeued')).toBe(2);
  });

  it('drops duplicates by fingerprint with reason "duplicate", counting dupefilter/filtered', () => {
    const { crawler, dropped } = fakeCrawler();
    const scheduler = new Scheduler(crawler);
    scheduler.enqueueRequest(get('/p?a=1&b=2'));
    const duplicate = get('/p?b=2&a=1#frag');
    expect(scheduler.enqueueRequest(duplicate)).toBe(false);
    expect(scheduler.size).toBe(1);
    expect(dropped).toEqual([{ request: duplicate, spider: crawler.spider, reason: 'duplicate' }]);
    expect(crawler.stats.getValue('dupefilter/filtered')).toBe(1);
  });

  it('lets dontFilter requests through, without marking them seen', () => {
    const { crawler } = fakeCrawler();
    const scheduler = new Scheduler(crawler);
    expect(scheduler.enqueueRequest(get('/x', { dontFilter: true }))).toBe(true);
    expect(scheduler.enqueueRequest(get('/x', { dontFilter: true }))).toBe(true);
    expect(scheduler.enqueueRequest(get('/x'))).toBe(true);
    expect(scheduler.enqueueRequest(get('/x'))).toBe(false);
    expect(scheduler.size).toBe(3);
    expect(crawler.stats.getValue('dupefilter/filtered')).toBe(1);
  });

  it('logs only the first duplicate', () => {
    const { crawler, lines } = fakeCrawler();
    const scheduler = new Scheduler(crawler);
    for (let i = 0; i < 4; i++) scheduler.enqueueRequest(get('/same'));
    const logged = lines.filter((line) => line.includes('Filtered duplicate request'));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('DEBUG: Filtered duplicate request: <GET http://example.com/same> - no more duplicates will be shown (see DUPEFILTER_DEBUG to show all duplicates)');
    expect(crawler.stats.getValue('dupefilter/filtered')).toBe(3);
  });

  it('logs every duplicate with DUPEFILTER_DEBUG', () => {
    const { crawler, lines } = fakeCrawler({ DUPEFILTER_DEBUG: true });
    const scheduler = new Scheduler(crawler);
    for (let i = 0; i < 4; i++) scheduler.enqueueRequest(get('/same'));
    const logged = lines.filter((line) => line.includes('Filtered duplicate request'));
    expect(logged).toHaveLength(3);
    expect(logged.every((line) => line.endsWith('Filtered duplicate request: <GET http://example.com/same>\n'))).toBe(true);
  });

  it('works over async storage, counting what it hands out', async () => {
    const memory = new MemoryPriorityQueue();
    const seenMemory = new MemorySeenSet();
    const queue: RequestQueue = {
      push: async (request) => memory.push(request),
      pop: async () => memory.pop(),
      get size() {
        return memory.size;
      },
    };
    const seen: SeenSet = {
      add: async (fingerprint) => seenMemory.add(fingerprint),
      get size() {
        return seenMemory.size;
      },
    };
    const { crawler, dropped } = fakeCrawler();
    const scheduler = new Scheduler(crawler, { queue, seen });
    expect(await scheduler.enqueueRequest(get('/1'))).toBe(true);
    expect(await scheduler.enqueueRequest(get('/1'))).toBe(false);
    expect(await scheduler.enqueueRequest(get('/2', { priority: 2 }))).toBe(true);
    expect(dropped.map((drop) => drop.reason)).toEqual(['duplicate']);
    expect((await scheduler.nextRequest())?.url).toBe('http://example.com/2');
    expect((await scheduler.nextRequest())?.url).toBe('http://example.com/1');
    expect(await scheduler.nextRequest()).toBeNull();
    expect(crawler.stats.getValue('scheduler/enqueued')).toBe(2);
    expect(crawler.stats.getValue('scheduler/dequeued')).toBe(2);
  });
});
