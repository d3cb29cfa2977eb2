import { describe, expect, it } from 'vitest';
import { MemoryPriorityQueue } from './queue.js';
import { Request } from '../http/request.js';

const request = (id: number | string, priority = 0) => new Request({ url: `http://example.com/${id}`, priority });
const idOf = (popped: Request | null) => popped?.url.slice('http://example.com/'.length);

function drain(queue: MemoryPriorityQueue): string[] {
  const out: string[] = [];
  for (let next = queue.pop(); next; next = queue.pop()) out.push(idOf(next)!);
  return out;
}

describe('MemoryPriorityQueue', () => {
  it('pops higher priorities first, FIFO within a priority, negatives last', () => {
    const queue = new MemoryPriorityQueue();
    for (const [id, priority] of [['a', 0], ['b', -5], ['c', 10], ['d', 0], ['e', 10], ['f', -1], ['g', 3]] as const) queue.push(request(id, priority));
    expect(queue.size).toBe(7);
    expect(drain(queue)).toEqual(['c', 'e', 'g', 'a', 'd', 'f', 'b']);
    expect(queue.size).toBe(0);
    expect(queue.pop()).toBeNull();
  });

  it('takes new priorities while draining', () => {
    const queue = new MemoryPriorityQueue();
    queue.push(request('low', -1));
    queue.push(request('mid', 0));
    expect(idOf(queue.pop())).toBe('mid');
    queue.push(request('high', 5));
    queue.push(request('mid2', 0));
    expect(drain(queue)).toEqual(['high', 'mid2', 'low']);
    queue.push(request('again', 0));
    expect(drain(queue)).toEqual(['again']);
  });

  it('keeps FIFO order over 100k pushes and pops, through compaction', () => {
    const queue = new MemoryPriorityQueue();
    const total = 100_000;
    const popped: number[] = [];
    let next = 0;
    // Interleave: push 3, pop 2, so the FIFO's head moves and compacts many times with items left behind it.
    while (next < total) {
      for (let i = 0; i < 3 && next < total; i++) queue.push(request(next++));
      for (let i = 0; i < 2; i++) {
        const item = queue.pop();
        if (item) popped.push(Number(idOf(item)));
      }
    }
    expect(queue.size).toBe(total - popped.length);
    for (let item = queue.pop(); item; item = queue.pop()) popped.push(Number(idOf(item)));
    expect(popped).toHaveLength(total);
    expect(popped.every((id, index) => id === index)).toBe(true);
    expect(queue.size).toBe(0);
  });

  it('orders 100k requests over a few priorities', () => {
    const queue = new MemoryPriorityQueue();
    const total = 100_000;
    for (let i = 0; i < total; i++) queue.push(request(i, (i % 5) - 2));
    let previous = { priority: Infinity, id: -1 };
    let count = 0;
    let outOfOrder = 0;
    for (let item = queue.pop(); item; item = queue.pop()) {
      const id = Number(idOf(item));
      const inOrder = item.priority === previous.priority ? id > previous.id : item.priority < previous.priority;
      if (!inOrder) outOfOrder++;
      previous = { priority: item.priority, id };
      count++;
    }
    expect(count).toBe(total);
    expect(outOfOrder).toBe(0);
    expect(previous.priority).toBe(-2);
  });
});
