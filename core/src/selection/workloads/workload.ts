/** What the tuner and the benchmark harness measure: one operation at a range of problem sizes. */
import type { CapabilityMap, CapabilityName } from '../../capabilities/names.js';

/** FFTW-style planning effort: `estimate` measures nothing; `quick` and `thorough` measure. */
export type Effort = 'estimate' | 'quick' | 'thorough';

/** A workload prepared for one provider at one size. */
export interface BoundWorkload {
  /** One call of the operation. */
  run(): void;
  /** Frees what bind() created (compiled sets, models). */
  dispose(): void;
}

/** The derived figure of a measurement (GB/s, GFLOPS, samples/s, ...). */
export interface FigureSpec {
  readonly name: string;
  value(param: number, ns: number): number;
}

/**
 * One operation to measure. `param` is the workload's own size (elements, matrix order,
 * pattern count, hidden units); `selectionSize(param)` is the size the framework selects by.
 *
 * Plugins may contribute workloads (`definePlugin({ workloads })`) for capabilities knhk
 * has none for. A workload of a module capability (kem, signature, ...) uses operation
 * `'*'`: it measures a representative mix and decides which provider `framework.get()`
 * returns for that capability.
 */
export interface Workload<C extends CapabilityName = CapabilityName> {
  readonly capability: C;
  /** The operation whose selection this workload decides. */
  readonly operation: string;
  /** For people: what one call does. */
  readonly what: string;
  readonly paramName: string;
  readonly params: { readonly quick: readonly number[]; readonly thorough: readonly number[] };
  selectionSize(param: number): number;
  readonly figure: FigureSpec;
  bind(provider: CapabilityMap[C], param: number, random: () => number): BoundWorkload;
}

/** An f32 array of `n` values in [-1, 1). */
export function randomF32(n: number, random: () => number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = random() * 2 - 1;
  return out;
}

/** Bytes moved per ns is GB/s. */
export function gbPerSecond(bytesPerParam: number): FigureSpec {
  return { name: 'GB/s', value: (param, ns) => (bytesPerParam * param) / ns };
}

const nothing = (): void => {};

/** A bound workload with nothing to free. */
export function bound(run: () => void): BoundWorkload {
  return { run, dispose: nothing };
}
