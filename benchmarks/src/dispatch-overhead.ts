/**
 * Dispatch overhead: the same small operation through the framework (selection, routing,
 * fallback bookkeeping) and through the selected backend directly, measured alternately in
 * one run so machine noise hits both sides alike.
 */
import { type Framework, type MeasureBudget, measure, randomF32, seededRandom } from '@knhk/core';

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

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
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
  const frameworkSides: number[] = [];
  const directSides: number[] = [];
  const ratios: number[] = [];
  const throughFramework = async (): Promise<number> =>
    (await measure(() => void viaFramework.dot(a, b), budget)).medianNs;
  const throughBackend = async (): Promise<number> => (await measure(() => void direct.dot(a, b), budget)).medianNs;
  for (let round = 0; round < rounds; round++) {
    // Alternate which side goes first, so a slow phase of the machine does not favour one side.
    let f: number;
    let d: number;
    if (round % 2 === 0) {
      f = await throughFramework();
      d = await throughBackend();
    } else {
      d = await throughBackend();
      f = await throughFramework();
    }
    frameworkSides.push(f);
    directSides.push(d);
    ratios.push(f / d);
  }
  return {
    operation: 'vector.dot',
    size,
    provider,
    frameworkNs: median(frameworkSides),
    directNs: median(directSides),
    ratio: median(ratios),
    rounds,
  };
}
