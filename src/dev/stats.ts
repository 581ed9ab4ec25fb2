/** Figures for `npm run bench` and `npm run soak`: percentiles of samples, and running work at a bounded concurrency. */

/** The nearest-rank percentile `q` (0..1] of samples sorted ascending. */
export function nearestRank(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

/** Rounded to a tenth: the bench's figures. */
export function oneDecimal(x: number): number {
  return Math.round(x * 10) / 10;
}

/** Latency figures the way the soak reports them: whole milliseconds. */
export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  max: number;
}

export function summarise(samples: readonly number[]): LatencySummary {
  if (samples.length === 0) return { count: 0, p50: 0, p95: 0, max: 0 };
  const sorted = [...samples].sort((a, b) => a - b);
  return { count: sorted.length, p50: Math.round(nearestRank(sorted, 0.5)), p95: Math.round(nearestRank(sorted, 0.95)), max: Math.round(sorted[sorted.length - 1]) };
}

/** Runs `task` for every item with at most `concurrency` in flight; results in input order. */
export async function mapConcurrently<T, R>(items: readonly T[], concurrency: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  return results;
}
