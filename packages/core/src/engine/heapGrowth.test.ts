import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SettingsError } from '../errors.js';
import { applyHeapGrowth } from './heapGrowth.js';

const probe = fileURLToPath(new URL('./fixtures/heapGrowthProbe.ts', import.meta.url));
const peakHeapMB = (percent: number) => Number(execFileSync(process.execPath, ['--import', 'tsx', probe, String(percent)], { encoding: 'utf8' }).split(' ')[0]);

describe('HEAP_GROWTH_PERCENT', () => {
  it('keeps the heap near its live size when garbage reaches the old generation', () => {
    // About 20 MB of the probe's stays alive (plus the loader's own heap) and about 30 MB of garbage at a
    // time is promoted. With V8's adaptive growth (0) the heap peaks above 200 MB here; at 30% below 100 MB.
    expect(peakHeapMB(30)).toBeLessThan(150);
  });

  it('rejects values that are not a whole percent in range', () => {
    for (const bad of [-1, 2.5, 1001, Number.NaN]) {
      expect(() => applyHeapGrowth(bad)).toThrow(SettingsError);
    }
    expect(() => applyHeapGrowth(-1)).toThrow(/HEAP_GROWTH_PERCENT must be a whole number from 0/);
  });
});
