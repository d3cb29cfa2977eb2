import { describe, expect, it } from 'vitest';
import { Compose, Identity, Join, MapCompose, TakeFirst } from './processors.js';

// Expected values are itemloaders 1.0.6's outputs on the same inputs.
describe('processors', () => {
  it('Identity returns its input', () => {
    const values = ['a'];
    expect(new Identity().process(values)).toBe(values);
  });

  it('TakeFirst skips null and empty strings only', () => {
    const take = new TakeFirst();
    expect(take.process(['', null, 'one', 'two'])).toBe('one');
    expect(take.process([])).toBeUndefined();
    expect(take.process([0, 'a'])).toBe(0);
    expect(take.process([false])).toBe(false);
    expect(take.process([[], 'a'])).toEqual([]);
    expect(take.process('abc')).toBe('a');
  });

  it('Join joins with a space or the given separator', () => {
    expect(new Join().process(['one', 'two', 'three'])).toBe('one two three');
    expect(new Join('<br>').process(['a', 'b'])).toBe('a<br>b');
    expect(new Join().process([])).toBe('');
    expect(new Join().process('abc')).toBe('a b c');
  });

  it('MapCompose maps each value, flattening lists and dropping null results', () => {
    const filterWorld = (x: string) => (x === 'world' ? null : x);
    expect(new MapCompose(filterWorld, (s: string) => s.toUpperCase()).process(['hello', 'world', 'this'])).toEqual(['HELLO', 'THIS']);
    expect(new MapCompose((x: string) => [x, `${x}!`]).process(['a', 'b'])).toEqual(['a', 'a!', 'b', 'b!']);
    expect(new MapCompose((s: string) => s.toUpperCase()).process('abc')).toEqual(['ABC']);
    expect(new MapCompose((s: string) => s.toUpperCase()).process(null)).toEqual([]);
    expect(new MapCompose((x: unknown) => x).process([null, '', 0, [], ['q']])).toEqual(['', 0, 'q']);
  });

  it('MapCompose accepts processor objects', () => {
    expect(new MapCompose(new TakeFirst()).process(['ab', 'cd'])).toEqual(['a', 'c']);
  });

  it('Compose pipes the whole value and stops on null unless told not to', () => {
    expect(new Compose((v: string[]) => v[0], (s: string) => s.toUpperCase()).process(['hello', 'world'])).toBe('HELLO');
    expect(new Compose(() => null, (s: string) => s.toUpperCase()).process(['x'])).toBeNull();
    expect(new Compose({ stopOnNone: false }, () => null, () => 'z').process(['x'])).toBe('z');
    expect(new Compose().process(null)).toBeNull();
  });

  it('reports the failing function and value', () => {
    const fail = new MapCompose(function upper(s: string) {
      return s.toUpperCase();
    });
    expect(() => fail.process([1])).toThrow(/^Error in MapCompose with upper value=\[1\] error='TypeError: /);
  });
});
