import type { DeviceBuffer } from './handles.js';

/** An f32 input: a host array or a buffer of the provider that is called. */
export type F32Input = Float32Array | DeviceBuffer;
/** A mask output: one byte per element, 1 where the comparison holds, else 0. */
export type MaskOutput = Uint8Array | DeviceBuffer;

/** Where a strided operand starts and how far apart its elements are. */
export interface Strided {
  /** Index of the first element. Default 0. Non-negative integer. */
  readonly offset?: number;
  /** Distance between elements. Default 1. Positive integer. */
  readonly stride?: number;
}

/**
 * The elements an element-wise operation covers. Without `length`, the count is what the
 * first operand holds from its offset at its stride; every other operand must then hold
 * exactly as many elements (else `KNHK_E_ARG_LENGTH`). With `length`, every operand only
 * needs to hold at least that many. `out` applies to a caller-provided output only; an
 * output the operation allocates is dense, with `length` elements.
 */
export interface VectorRange {
  readonly length?: number;
  readonly a?: Strided;
  readonly b?: Strided;
  readonly c?: Strided;
  readonly out?: Strided;
}

/** Comparison for {@link VectorOps.compare}. NaN compares false, except with 'ne'. */
export type CompareOp = 'lt' | 'le' | 'gt' | 'ge' | 'eq' | 'ne';

/**
 * Element-wise f32 arithmetic and the dot product.
 *
 * Results are IEEE-754 binary32: add, sub, mul and div are exactly rounded (so every
 * provider must agree bit for bit), fma is `a*b + c` rounded once where the hardware allows.
 * Every method validates its arguments and throws `KNHK_E_ARG_*` or `KNHK_E_BUFFER_*`
 * errors for bad input; it never reads or writes outside the arrays.
 *
 * The output is `out` when given (returned as is), otherwise a new array of the same kind
 * as `a` (a Float32Array, or a buffer of the same provider). `out` may alias an input.
 */
export interface VectorOps {
  /** out[i] = a[i] + b[i] */
  add<T extends F32Input>(a: T, b: F32Input, out?: T, range?: VectorRange): T;
  /** out[i] = a[i] - b[i] */
  sub<T extends F32Input>(a: T, b: F32Input, out?: T, range?: VectorRange): T;
  /** out[i] = a[i] * b[i] */
  mul<T extends F32Input>(a: T, b: F32Input, out?: T, range?: VectorRange): T;
  /** out[i] = a[i] / b[i] (IEEE: x/0 is ±Infinity, 0/0 is NaN) */
  div<T extends F32Input>(a: T, b: F32Input, out?: T, range?: VectorRange): T;
  /** out[i] = a[i] * b[i] + c[i] */
  fma<T extends F32Input>(a: T, b: F32Input, c: F32Input, out?: T, range?: VectorRange): T;
  /**
   * Sum of a[i] * b[i] over the range (BLAS sdot, with offsets and strides). +0 (never -0) when empty.
   * The result may carry more precision than float32 (the cpu reference accumulates and
   * returns float64); the conformance kit bounds the difference by the summation error.
   */
  dot(a: F32Input, b: F32Input, range?: VectorRange): number;
  /**
   * out[i] = (a[i] op b[i]) ? 1 : 0, where `b` may be a scalar, which is rounded to float32
   * first (every element of `a` is a float32). The output is a Uint8Array (or a `u8` buffer
   * of the same provider when `a` is a buffer).
   */
  compare<M extends MaskOutput = Uint8Array>(
    a: F32Input,
    b: F32Input | number,
    op: CompareOp,
    out?: M,
    range?: VectorRange,
  ): M;
}
