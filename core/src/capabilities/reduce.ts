import type { F32Input } from './vector.js';

/** The elements a reduction covers: from `offset`, every `stride`-th, `length` of them (default: as many as fit). */
export interface ReduceRange {
  readonly offset?: number;
  readonly stride?: number;
  readonly length?: number;
}

/**
 * Reductions over an f32 vector.
 *
 * NaN propagates: min, max and sum return NaN when any element is NaN, and argmax returns
 * the position of the first NaN. min, max and argmax of an empty range throw
 * `KNHK_E_ARG_LENGTH`; the sum of an empty range is +0 (never -0). min orders -0 below +0
 * and max orders +0 above -0, so min(+0, -0) is -0 and max(-0, +0) is +0. Summation order is the provider's
 * own, so sums of non-integers may differ between providers in the last bits.
 */
export interface Reductions {
  /** Sum of the elements. */
  sum(x: F32Input, range?: ReduceRange): number;
  /** Smallest element. */
  min(x: F32Input, range?: ReduceRange): number;
  /** Largest element. */
  max(x: F32Input, range?: ReduceRange): number;
  /** Position (0-based, counted in elements of the range) of the first largest element. */
  argmax(x: F32Input, range?: ReduceRange): number;
}
