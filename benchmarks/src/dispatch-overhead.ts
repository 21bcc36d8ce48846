/**
 * Dispatch overhead: the same small operation through the framework (selection, routing,
 * fallback bookkeeping) and through the selected backend directly, measured alternately in
 * one run so machine noise hits both sides alike.
 */
import { type Framework, type MeasureBudget, randomF32, seededRandom } from '@knhk/core';
import { measureSideBySide } from './measure/side-by-side.js';

/** The two sides and their ratio. */
export interface DispatchOverhead {
  readonly operation: 'vector.dot';
  readonly size: number;
  readonly provider: string;
  /** Median ns per call through `framework.vector.dot`. */
  readonly frameworkNs: number;
  /** Median ns per call through `framework.backend(provider).get('vector').dot`. */
  readonly directNs: number;
  /** Median over rounds of (framework / direct) measured back to back: robust to drift between rounds. */
  readonly ratio: number;
  readonly rounds: number;
}

/** Measures `rounds` alternating pairs and reports the median of each side. */
export async function measureDispatchOverhead(
  framework: Framework,
  options: { size?: number; rounds?: number; budget?: MeasureBudget } = {},
): Promise<DispatchOverhead> {
  const size = options.size ?? 1024;
  const rounds = options.rounds ?? 11;
  const budget = options.budget ?? { timeMs: 40, warmupMs: 10, minSamples: 10 };
  const random = seededRandom(3);
  const a = randomF32(size, random);
  const b = randomF32(size, random);
  const provider = framework.selected('vector', 'dot', size);
  const direct = framework.backend(provider).get('vector');
  const viaFramework = framework.vector;
  const sides = await measureSideBySide(
    () => void viaFramework.dot(a, b),
    () => void direct.dot(a, b),
    { rounds, budget },
  );
  return {
    operation: 'vector.dot',
    size,
    provider,
    frameworkNs: sides.firstNs,
    directNs: sides.secondNs,
    ratio: sides.ratio,
    rounds,
  };
}
