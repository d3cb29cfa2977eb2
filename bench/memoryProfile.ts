/**
 * Memory over a crawl, from samples of the memory of the crawler and its
 * browser processes (the sum of their proportional sets, PSS, which counts a
 * page shared by several processes once): the peak, the median, and whether
 * the crawl's last tenth (by time) stayed within 10 % of the median (no page
 * or context leak). The peak of the resident sets' plain sum is kept too.
 */
export interface MemorySample {
  /** Milliseconds since the crawl started. */
  at: number;
  /** Bytes: the crawler's and every process under it, summed (`pss` counts shared pages once). */
  rss: number;
  pss: number;
}

export interface MemoryProfile {
  peakPssMB: number;
  medianPssMB: number;
  lastTenthMaxPssMB: number;
  /** The last tenth's highest sample within 10 % of the median. */
  flat: boolean;
  peakRssSumMB: number;
}

export function memoryProfile(samples: readonly MemorySample[]): MemoryProfile {
  if (samples.length === 0) throw new Error('no memory samples: the crawl ended before the first one');
  const mb = (bytes: number) => bytes / 1024 / 1024;
  const sorted = samples.map((sample) => sample.pss).sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const end = samples.at(-1)!.at;
  const lastTenthMax = Math.max(...samples.filter((sample) => sample.at >= end * 0.9).map((sample) => sample.pss));
  return {
    peakPssMB: mb(sorted.at(-1)!),
    medianPssMB: mb(median),
    lastTenthMaxPssMB: mb(lastTenthMax),
    flat: lastTenthMax <= median * 1.1,
    peakRssSumMB: mb(Math.max(...samples.map((sample) => sample.rss))),
  };
}
