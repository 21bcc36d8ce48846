/**
 * A distribution-free confidence interval of the median from order statistics. With `n`
 * samples, the number below the true median is Binomial(n, 1/2); the interval
 * [x(l), x(n+1-l)] of the sorted samples covers the median with probability
 * 1 - 2·P(B ≤ l-1). `l` is the largest index that keeps that at or above the confidence
 * asked for (e.g. n = 20 at 95%: [x(6), x(15)]). Below 6 samples no pair reaches 95%, and
 * the interval is the whole range [min, max].
 */

/** The 1-based ranks of the interval's ends, and the coverage they give. */
export interface OrderStatisticRanks {
  readonly lower: number;
  readonly upper: number;
  /** The exact coverage of [x(lower), x(upper)]: at least the confidence asked for, unless lower is 1. */
  readonly coverage: number;
}

/** An interval of the median, in the samples' units. */
export interface MedianInterval {
  readonly low: number;
  readonly high: number;
}

/** The order-statistic ranks of the median's interval for `n` samples at `confidence` (default 0.95). */
export function medianRanks(n: number, confidence = 0.95): OrderStatisticRanks {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`medianRanks: n must be a positive integer, got ${n}`);
  if (!(confidence > 0 && confidence < 1))
    throw new RangeError(`medianRanks: confidence must be in (0, 1), got ${confidence}`);
  const alpha = 1 - confidence;
  // Coverage of [x(l), x(n+1-l)] is 1 - 2·P(B ≤ l-1); it falls as l grows. The CDF is summed
  // once as l grows (one term per step, in log space), so this is O(n), not O(n²): tinybench
  // takes tens of thousands of samples of a fast call.
  let lower = 1;
  let logTerm = -n * Math.LN2; // log P(B = 0)
  let cdf = Math.exp(logTerm); // P(B ≤ lower - 1)
  while (lower + 1 <= n + 1 - (lower + 1)) {
    logTerm += Math.log((n - lower + 1) / lower); // log P(B = lower)
    const next = Math.min(cdf + Math.exp(logTerm), 1); // P(B ≤ lower)
    if (2 * next > alpha) break;
    cdf = next;
    lower++;
  }
  const coverage = lower === 1 ? 1 - 2 * 0.5 ** n : 1 - 2 * cdf;
  return { lower, upper: n + 1 - lower, coverage: n === 1 ? 0 : coverage };
}

/** The confidence interval of the median of `sorted` (ascending) samples. */
export function medianInterval(sorted: readonly number[], confidence = 0.95): MedianInterval {
  const { lower, upper } = medianRanks(sorted.length, confidence);
  return { low: sorted[lower - 1], high: sorted[upper - 1] };
}
