import { describe, expect, it } from 'vitest';
import { SignalManager } from './signals.js';
import { StatsCollector } from './stats.js';
import { DontCloseSpider } from '../errors.js';
import type { Spider } from '../spiders/spider.js';

const spider = { name: 's' } as Spider;

function manager() {
  const reported: Array<[string, unknown]> = [];
  return { signals: new SignalManager((message, error) => reported.push([message, error])), reported };
}

describe('SignalManager', () => {
  it('calls every listener; a throwing or rejecting one is reported and does not stop the others', async () => {
    const { signals, reported } = manager();
    const calls: string[] = [];
    const failure = new Error('listener bug');
    signals.on('spiderIdle', () => {
      throw failure;
    });
    signals.on('spiderIdle', async () => {
      throw new Error('async bug');
    });
    signals.on('spiderIdle', ({ spider: s }) => void calls.push(s.name));
    signals.send('spiderIdle', { spider });
    expect(calls).toEqual(['s']);
    await new Promise(setImmediate);
    expect(reported.map(([message, error]) => [message, (error as Error).message])).toEqual([
      ['error in a spiderIdle signal handler', 'listener bug'],
      ['error in a spiderIdle signal handler', 'async bug'],
    ]);
  });

  it('unsubscribes with the returned function or off()', () => {
    const { signals } = manager();
    let count = 0;
    const listener = () => void count++;
    const unsubscribe = signals.on('engineStarted', listener);
    signals.send('engineStarted', {});
    unsubscribe();
    signals.send('engineStarted', {});
    signals.on('engineStarted', listener);
    signals.off('engineStarted', listener);
    signals.send('engineStarted', {});
    expect(count).toBe(1);
    expect(signals.hasListeners('engineStarted')).toBe(false);
  });

  it('sendAsync awaits async listeners and returns the errors the caller asked for', async () => {
    const { signals, reported } = manager();
    const done: string[] = [];
    signals.on('spiderIdle', async () => {
      await new Promise(setImmediate);
      done.push('slow');
    });
    signals.on('spiderIdle', () => {
      throw new DontCloseSpider();
    });
    signals.on('spiderIdle', () => {
      throw new RangeError('other');
    });
    const raised = await signals.sendAsync('spiderIdle', { spider }, (error) => error instanceof DontCloseSpider);
    expect(done).toEqual(['slow']);
    expect(raised).toHaveLength(1);
    expect(raised[0]).toBeInstanceOf(DontCloseSpider);
    expect(reported).toHaveLength(1);
    expect(reported[0]![1]).toBeInstanceOf(RangeError);
  });
});

describe('StatsCollector', () => {
  it('increments, sets, keeps maxima and minima, and lists keys sorted', () => {
    const stats = new StatsCollector();
    stats.incValue('b');
    stats.incValue('b', 2);
    stats.incValue('c', 1, 10);
    stats.setValue('a', 'text');
    stats.maxValue('max', 3);
    stats.maxValue('max', 1);
    stats.minValue('min', 3);
    stats.minValue('min', 1);
    expect(stats.getValue('b')).toBe(3);
    expect(stats.getValue('c')).toBe(11);
    expect(stats.getValue('missing')).toBeUndefined();
    expect(stats.getValue('missing', 0)).toBe(0);
    expect(Object.keys(stats.getStats())).toEqual(['a', 'b', 'c', 'max', 'min']);
    expect(stats.getStats()).toMatchObject({ max: 3, min: 1 });
    stats.clear();
    expect(stats.getStats()).toEqual({});
  });
});
