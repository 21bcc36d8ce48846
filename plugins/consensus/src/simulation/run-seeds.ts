/** Runs the simulator over a range of seeds and sums up what it found. */
import type { SimulationOptions } from './options.js';
import { runSimulation, type SimulationResult } from './simulator.js';

/** The outcome of a sweep: every failing seed replays with `runSimulation({ seed })`. */
export interface SeedSweep {
  readonly from: number;
  readonly seeds: number;
  readonly failures: readonly Pick<SimulationResult, 'seed' | 'violations'>[];
  /** Seeds whose linearizability search hit its bound. */
  readonly unknown: readonly number[];
  readonly operations: number;
  readonly elapsedMs: number;
}

/** Runs seeds `from` .. `from + seeds - 1`; stops early after `maxFailures` failing seeds. */
export function runSeeds(
  from: number,
  seeds: number,
  options: Partial<Omit<SimulationOptions, 'seed'>> & { readonly maxFailures?: number } = {},
): SeedSweep {
  const started = performance.now();
  const failures: Pick<SimulationResult, 'seed' | 'violations'>[] = [];
  const unknown: number[] = [];
  let operations = 0;
  let run = 0;
  for (; run < seeds && failures.length < (options.maxFailures ?? Infinity); run++) {
    const result = runSimulation({ ...options, seed: from + run });
    operations += result.history.length;
    if (result.violations.length > 0) failures.push({ seed: result.seed, violations: result.violations });
    if (result.linearizability.result === 'unknown') unknown.push(result.seed);
  }
  return { from, seeds: run, failures, unknown, operations, elapsedMs: performance.now() - started };
}
