/**
 * Error bounds of the kit's float comparisons, from error analysis (Higham, Accuracy and
 * Stability of Numerical Algorithms, 2nd ed., ch. 3 and 4), not constants: a sum, a dot
 * product or an sgemm element is compared with an exact reference (float64 with Neumaier's
 * compensated summation) within the worst-case error of the accumulation the kernel declares
 * (`accumulation: 'f32' | 'f64'`, `defineKernel()`), for every summation order.
 *
 * Notation: n terms x_i, exact sum s, S = sum |x_i|, u32 = 2^-24 and u64 = 2^-53 the unit
 * roundoffs, gamma_n(u) = n u / (1 - n u) (Higham eq. 3.8).
 */
import type { Accumulation, CapabilityName, PluginInstance } from '@knhk/core';

/** The unit roundoff of float32 (half an ulp of 1). */
export const F32_EPSILON = 2 ** -24;
/** The unit roundoff of float64. */
export const F64_EPSILON = 2 ** -53;
/** The smallest positive float32 (a subnormal). */
export const F32_TINY = 2 ** -149;

/** gamma_n(u) = n u / (1 - n u), Infinity once n u reaches 1 (the bound says nothing). */
export function gamma(n: number, u: number): number {
  const nu = n * u;
  return nu < 1 ? nu / (1 - nu) : Infinity;
}

/**
 * Worst-case error of a computed sum of `terms` terms (float32 values, or products of two
 * float32 values, or `alpha a b` plus `beta c` for sgemm) whose absolute values sum to
 * `absSum` and whose exact sum is `exact`, for a kernel of `accumulation`:
 *
 * - `f32`: each product rounded to float32 and the n terms added in float32 in any order
 *   (recursive, blocked, pairwise, SIMD lanes, with or without fma). Higham (3.5) for a dot
 *   product and (4.4) for a sum: |s^ - s| <= gamma_n(u32) S. Products that underflow add
 *   at most one float32 subnormal each (fma or not). What this can catch: a relative error
 *   r of the result shows only when r |s| > gamma_n(u32) S; at n = 2^20, gamma_n is 0.067,
 *   so only errors above 6.7% of S (the 10% dot bug on mostly positive data, where
 *   |s| is about 0.8 S); a 1e-3 relative error is caught up to n of about 1e-3 |s|/S / u32,
 *   13,000 terms for |s| = 0.8 S.
 * - `f64`: the terms are carried in float64 (a product of two float32 values is exact there;
 *   a kernel that rounds each product to float32 first adds u32 S) and summed in float64 in
 *   any order, gamma_n(u64) S, and the result may be rounded once to float32 (the interfaces
 *   let dot and sum return float64 unrounded, or float32; sgemm stores float32), which adds
 *   u32 |s^| <= u32 (|s| + e). In all, e1 = u32 S + gamma_n(u64) (1 + u32) S and
 *   e = e1 + u32 (|s| + e1) + half a subnormal: about (n u64 + u32) S + u32 |s|. At
 *   n = 2^20 that is about 1.2e-7 S, so a 1e-3 relative error is caught unless the data
 *   cancel to |s| < 1.2e-4 S.
 */
export function accumulationBound(accumulation: Accumulation, terms: number, absSum: number, exact: number): number {
  if (accumulation === 'f32') return gamma(terms, F32_EPSILON) * absSum + terms * F32_TINY;
  const e1 = F32_EPSILON * absSum + gamma(terms, F64_EPSILON) * (1 + F32_EPSILON) * absSum;
  return e1 + F32_EPSILON * (Math.abs(exact) + e1) + F32_TINY / 2;
}

/**
 * Error of the kit's own reference, {@link compensatedSum} of `terms` float64 terms: Neumaier's
 * summation is within 2 u64 |s| + O(n^2 u64^2) S of the exact sum (Higham 4.3, eq. 4.11), and
 * terms that are themselves rounded (alpha a b in sgemm) add u64 S.
 */
export function referenceError(terms: number, absSum: number, exact: number, roundedTerms = false): number {
  return (
    2 * F64_EPSILON * Math.abs(exact) +
    4 * terms * terms * F64_EPSILON ** 2 * absSum +
    (roundedTerms ? F64_EPSILON * absSum : 0)
  );
}

/** The bound a result is held to: {@link accumulationBound} plus the reference's {@link referenceError}. */
export function sumTolerance(
  accumulation: Accumulation,
  terms: number,
  absSum: number,
  exact: number,
  roundedTerms = false,
): number {
  return accumulationBound(accumulation, terms, absSum, exact) + referenceError(terms, absSum, exact, roundedTerms);
}

/**
 * Sum of float64 terms with Neumaier's compensated summation: the kit's reference for sums,
 * dot products and sgemm (products of two float32 values are exact in float64).
 */
export function compensatedSum(terms: ArrayLike<number>): number {
  let sum = 0;
  let compensation = 0;
  for (let i = 0; i < terms.length; i++) {
    const x = terms[i];
    const t = sum + x;
    compensation += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
    sum = t;
  }
  return sum + compensation;
}

/**
 * The accumulation a plugin declares for an operation: its registered kernel's
 * `accumulation`; `f32` (the looser bound) for a provider class, which declares none.
 */
export function declaredAccumulation(
  subject: PluginInstance,
  capability: CapabilityName,
  operation: string,
): Accumulation {
  const kernel = subject.registeredKernels().find((k) => k.capability === capability && k.operation === operation);
  return kernel?.accumulation ?? 'f32';
}

/** Bound of the difference of a fused and an unfused float32 `a*b + c` (or two of either). */
export function fmaTolerance(a: number, b: number, c: number): number {
  return 4 * F32_EPSILON * (Math.abs(a * b) + Math.abs(c)) + 2 * F32_TINY;
}
