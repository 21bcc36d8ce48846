/**
 * Reductions over a strided span of a float32 vector, in float64, for every backend that
 * reduces host arrays: the cpu backend, and the native backends for the strides their SIMD
 * kernels do not take. The span is checked beforehand (core's `reduceSpan`).
 */

/** The elements a reduction covers. */
export interface ReductionSpan {
  readonly x: Float32Array;
  readonly offset: number;
  readonly stride: number;
  readonly n: number;
}

/** Sum in float64 of four interleaved partial sums, returned unrounded; 0 when empty. */
export function sumSpan({ x, offset, stride, n }: ReductionSpan): number {
  return sumStrided(x, offset, stride, n);
}

/** As {@link sumSpan}, on positional arguments (no span object). */
export function sumStrided(x: Float32Array, offset: number, stride: number, n: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  let j = offset;
  for (; i + 4 <= n; i += 4, j += 4 * stride) {
    s0 += x[j];
    s1 += x[j + stride];
    s2 += x[j + 2 * stride];
    s3 += x[j + 3 * stride];
  }
  for (; i < n; i++, j += stride) s0 += x[j];
  return s0 + s1 + (s2 + s3);
}

// Math.min and Math.max propagate NaN and order -0 below +0.
/** Smallest element (-0 below +0); NaN when any element is NaN. `n` must be at least 1. */
export function minSpan({ x, offset, stride, n }: ReductionSpan): number {
  return minStrided(x, offset, stride, n);
}

/** As {@link minSpan}, on positional arguments. */
export function minStrided(x: Float32Array, offset: number, stride: number, n: number): number {
  let best = x[offset];
  for (let i = 1, j = offset + stride; i < n; i++, j += stride) best = Math.min(best, x[j]);
  return best;
}

/** Largest element (+0 above -0); NaN when any element is NaN. `n` must be at least 1. */
export function maxSpan({ x, offset, stride, n }: ReductionSpan): number {
  return maxStrided(x, offset, stride, n);
}

/** As {@link maxSpan}, on positional arguments. */
export function maxStrided(x: Float32Array, offset: number, stride: number, n: number): number {
  let best = x[offset];
  for (let i = 1, j = offset + stride; i < n; i++, j += stride) best = Math.max(best, x[j]);
  return best;
}

/** Position of the first NaN, else of the first largest element. `n` must be at least 1. */
export function argmaxSpan({ x, offset, stride, n }: ReductionSpan): number {
  return argmaxStrided(x, offset, stride, n);
}

/** As {@link argmaxSpan}, on positional arguments. */
export function argmaxStrided(x: Float32Array, offset: number, stride: number, n: number): number {
  if (offset === 0 && stride === 1) return argmaxDense(x, n);
  let best = x[offset];
  if (best !== best) return 0;
  let at = 0;
  for (let i = 1, j = offset + stride; i < n; i++, j += stride) {
    const v = x[j];
    if (v > best) {
      best = v;
      at = i;
    } else if (v !== v) {
      return i;
    }
  }
  return at;
}

/** As {@link argmaxStrided} over the first `n` elements from offset 0: the common case, without stride arithmetic. */
export function argmaxDense(x: Float32Array, n: number): number {
  let best = x[0];
  if (best !== best) return 0;
  let at = 0;
  for (let i = 1; i < n; i++) {
    const v = x[i];
    if (v > best) {
      best = v;
      at = i;
    } else if (v !== v) {
      return i;
    }
  }
  return at;
}

/** The reductions by name, as the `reduce` capability names them. */
export const SPAN_REDUCTIONS: Readonly<Record<'sum' | 'min' | 'max' | 'argmax', (span: ReductionSpan) => number>> = {
  sum: sumSpan,
  min: minSpan,
  max: maxSpan,
  argmax: argmaxSpan,
};
