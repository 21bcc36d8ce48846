/** Wall-clock timing of synchronous calls: the clock, the best of repeated calls, medians. */

/** The monotonic clock, in seconds. */
export function nowSeconds(): number {
  return Number(process.hrtime.bigint()) / 1e9;
}

/** The fastest of `repeats` calls of `run`, in seconds. */
export function bestSeconds(repeats: number, run: () => void): number {
  let fastest = Infinity;
  for (let i = 0; i < repeats; i++) {
    const start = nowSeconds();
    run();
    fastest = Math.min(fastest, nowSeconds() - start);
  }
  return fastest;
}

/** The median (the mean of the middle two for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
