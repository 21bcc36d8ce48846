/**
 * The `matmul` capability over the native sgemm of one ISA: packed panels, cache blocking,
 * a register-blocked FMA micro-kernel and the thread pool (see src/gemm/ and
 * src/kernels/<isa>/sgemm_f32.cc). Operands are Float32Arrays or f32 buffers of the same
 * backend, used in place. BLAS semantics as core's `SgemmParams` describes them; the sums are
 * f32 fused multiply-adds (the cpu reference sums in f64), within the conformance kit's
 * accumulation bound.
 */
import { type F32Input, KnhkError, type Matmul, type SgemmParams, type SgemmShape, sgemmShape } from '@knhk/core';
import { apartFromC, matrixSpan } from '@knhk/host';
import type { NativeKernels } from './addon-types.js';
import type { NativeBufferStore } from './buffer-store.js';

/**
 * C = alpha * op(A) * op(B) + beta * C with the native kernels, for a checked shape. An A or
 * B that shares memory with C is copied first (the part it occupies), so the result is as if
 * they were separate.
 */
export function nativeGemm(
  kernels: NativeKernels,
  s: SgemmShape,
  a: Float32Array,
  b: Float32Array,
  c: Float32Array,
): void {
  if (s.m === 0 || s.n === 0) return;
  const readsAB = s.alpha !== 0 && s.k !== 0;
  const cSpan = matrixSpan(s.cOffset, s.m, s.n, s.ldc);
  const left = readsAB
    ? apartFromC(a, matrixSpan(s.aOffset, s.transA ? s.k : s.m, s.transA ? s.m : s.k, s.lda), c, cSpan)
    : { array: a, offset: s.aOffset };
  const right = readsAB
    ? apartFromC(b, matrixSpan(s.bOffset, s.transB ? s.n : s.k, s.transB ? s.k : s.n, s.ldb), c, cSpan)
    : { array: b, offset: s.bOffset };
  kernels.sgemm(
    left.array,
    right.array,
    c,
    s.m,
    s.n,
    s.k,
    s.alpha,
    s.beta,
    s.transA,
    s.transB,
    s.lda,
    s.ldb,
    s.ldc,
    left.offset,
    right.offset,
    s.cOffset,
  );
}

/** BLAS-style sgemm on Float32Arrays and native f32 buffers. */
export class NativeMatmul implements Matmul {
  /** @param kernels the kernels of one ISA; @param store the backend instance's buffers. */
  constructor(
    private readonly kernels: NativeKernels,
    private readonly store: NativeBufferStore,
  ) {}

  /** Computes C in place and returns `params.c`. */
  sgemm<T extends F32Input>(params: SgemmParams<T>): T {
    const op = 'matmul.sgemm';
    if (typeof params !== 'object' || params === null) {
      throw new KnhkError('KNHK_E_ARG_TYPE', `${op}: expected a parameters object { m, n, k, a, b, c, ... }`, { op });
    }
    const a = this.store.f32(op, 'a', params.a);
    const b = this.store.f32(op, 'b', params.b);
    const c = this.store.f32(op, 'c', params.c);
    nativeGemm(this.kernels, sgemmShape(params, { a: a.length, b: b.length, c: c.length }), a, b, c);
    return params.c;
  }
}
