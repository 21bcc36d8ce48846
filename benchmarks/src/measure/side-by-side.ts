/**
 * Two calls measured side by side: alternating rounds in one run, the order swapped every
 * round, so that a slow phase of the machine hits both sides alike.
 */
import { type MeasureBudget, measure } from '@knhk/core';
import { median } from './timing.js';

/** The medians of both sides and the median of their per-round ratio. */
export interface SideBySide {
  /** Median ns per call of the first side. */
  readonly firstNs: number;
  /** Median ns per call of the second side. */
  readonly secondNs: number;
  /** Median over rounds of first / second, each round measured back to back. */
  readonly ratio: number;
  readonly rounds: number;
}

/** Measures `first` and `second` in `rounds` alternating pairs (each a tinybench-style measurement of `budget`). */
export async function measureSideBySide(
  first: () => void,
  second: () => void,
  options: { readonly rounds: number; readonly budget: MeasureBudget },
): Promise<SideBySide> {
  const firstSides: number[] = [];
  const secondSides: number[] = [];
  const ratios: number[] = [];
  const time = async (run: () => void): Promise<number> => (await measure(run, options.budget)).medianNs;
  for (let round = 0; round < options.rounds; round++) {
    let f: number;
    let s: number;
    if (round % 2 === 0) {
      f = await time(first);
      s = await time(second);
    } else {
      s = await time(second);
      f = await time(first);
    }
    firstSides.push(f);
    secondSides.push(s);
    ratios.push(f / s);
  }
  return { firstNs: median(firstSides), secondNs: median(secondSides), ratio: median(ratios), rounds: options.rounds };
}
