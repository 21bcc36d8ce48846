import type { F32Input } from './vector.js';

/**
 * Parameters of C = alpha * op(A) * op(B) + beta * C, row-major, as in BLAS sgemm.
 *
 * op(A) is m x k and op(B) is k x n. Without transposition A is stored m x k (lda >= k,
 * default k); with `transA` it is stored k x m (lda >= m, default m). Likewise B is k x n
 * (ldb >= n, default n), or n x k with `transB` (ldb >= k, default k). C is m x n
 * (ldc >= n, default n). Offsets give the first element of each matrix in its array.
 *
 * As in BLAS: when beta is 0, C is not read (NaN in C does not propagate); when alpha is 0
 * or k is 0, A and B are not read and C = beta * C.
 */
export interface SgemmParams<T extends F32Input = F32Input> {
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly a: F32Input;
  readonly b: F32Input;
  readonly c: T;
  readonly alpha?: number;
  readonly beta?: number;
  readonly transA?: boolean;
  readonly transB?: boolean;
  readonly lda?: number;
  readonly ldb?: number;
  readonly ldc?: number;
  readonly aOffset?: number;
  readonly bOffset?: number;
  readonly cOffset?: number;
}

/** Dense matrix multiplication. */
export interface Matmul {
  /** Computes C = alpha * op(A) * op(B) + beta * C in place and returns `c`. */
  sgemm<T extends F32Input>(params: SgemmParams<T>): T;
}
