/**
 * Timing one call repeatedly with tinybench. Calls shorter than the timer's resolution are
 * batched: each sample times `batch` calls, and figures are divided back to one call.
 */
import { Bench } from 'tinybench';
import { medianInterval } from './median-interval.js';

/** Timing figures of one call, in nanoseconds. */
export interface Measurement {
  readonly meanNs: number;
  readonly medianNs: number;
  readonly p99Ns: number;
  /** The 95% confidence interval of the median (distribution-free, from order statistics). */
  readonly medianLowNs: number;
  readonly medianHighNs: number;
  readonly opsPerSec: number;
  /** Number of samples taken. */
  readonly samples: number;
  /** Calls per sample. */
  readonly batch: number;
}

/** How long to measure. */
export interface MeasureBudget {
  /** Time spent sampling, ms. */
  readonly timeMs: number;
  /** Time spent warming up first, ms. */
  readonly warmupMs: number;
  /** Minimum samples, whatever the time. */
  readonly minSamples: number;
}

/** A sample should last at least this long, so the timer's cost and resolution do not count. */
const MIN_SAMPLE_NS = 20_000;
const MAX_BATCH = 1 << 20;

/**
 * Calls per sample, so that a sample lasts about MIN_SAMPLE_NS. A cold call is a poor guide
 * for short operations: its first-call costs can be 10-100 times a warm call's, and samples
 * of a few calls then carry the timer's and tinybench's own overhead into every figure
 * (measured: 380 instead of 215 ns for a 1024-element dot). So, after a warm-up call, calls
 * are timed in groups growing fourfold until a group lasts half a sample. An operation that
 * takes that long alone is run three times here.
 */
function batchSize(run: () => void): number {
  run();
  let calls = 1;
  const time = (): number => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < calls; i++) run();
    return Number(process.hrtime.bigint() - start);
  };
  for (;;) {
    // A single call is timed twice: the second warm-up call can still be a cold one.
    const elapsed = calls === 1 ? Math.min(time(), time()) : time();
    if (elapsed >= MIN_SAMPLE_NS / 2 || calls >= MAX_BATCH) {
      const perCall = Math.max(elapsed, 1) / calls;
      return Math.min(MAX_BATCH, Math.max(1, Math.ceil(MIN_SAMPLE_NS / perCall)));
    }
    calls *= 4;
  }
}

/** Measures `run` (one call of the operation); throws what `run` throws. */
export async function measure(run: () => void, budget: MeasureBudget): Promise<Measurement> {
  const batch = batchSize(run);
  const bench = new Bench({
    time: budget.timeMs,
    iterations: budget.minSamples,
    warmupTime: budget.warmupMs,
    warmupIterations: 2,
    throws: true,
    retainSamples: true,
  });
  bench.add('op', () => {
    for (let i = 0; i < batch; i++) run();
  });
  await bench.run();
  const result = bench.tasks[0].result;
  if (result === undefined || !('latency' in result)) throw new Error('tinybench produced no latency statistics');
  const perCall = (ms: number): number => (ms * 1e6) / batch;
  const sorted = [...(result.latency.samples ?? [result.latency.p50])].sort((x, y) => x - y);
  const interval = medianInterval(sorted);
  return {
    meanNs: perCall(result.latency.mean),
    medianNs: perCall(result.latency.p50),
    p99Ns: perCall(result.latency.p99),
    medianLowNs: perCall(interval.low),
    medianHighNs: perCall(interval.high),
    opsPerSec: 1e9 / perCall(result.latency.mean),
    samples: result.latency.samplesCount,
    batch,
  };
}
