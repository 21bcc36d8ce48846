/**
 * The `matmul` capability of the cpu backend: BLAS-style sgemm on Float32Arrays and f32 cpu
 * buffers, computed by the blocked kernel of `@knhk/host`.
 */
import { type F32Input, KnhkError, type Matmul, type SgemmParams, injectable, sgemmShape } from '@knhk/core';
import { apartFromC, gemm, matrixSpan } from '@knhk/host';
import { CpuHostMemory } from './host-memory.js';

/** C = alpha * op(A) * op(B) + beta * C, row-major, with the BLAS rules for alpha and beta of 0. */
@injectable()
export class CpuMatmul implements Matmul {
  constructor(private readonly memory: CpuHostMemory) {}

  /**
   * Computes C in place and returns `params.c`. When A or B shares memory with C, the part
   * of it that is read is copied first, so the result is as if they were separate.
   */
  sgemm<T extends F32Input>(params: SgemmParams<T>): T {
    const op = 'matmul.sgemm';
    if (typeof params !== 'object' || params === null) {
      throw new KnhkError('KNHK_E_ARG_TYPE', `${op}: expected a parameters object { m, n, k, a, b, c, ... }`, { op });
    }
    const a = this.memory.f32(op, 'a', params.a);
    const b = this.memory.f32(op, 'b', params.b);
    const c = this.memory.f32(op, 'c', params.c);
    const s = sgemmShape(params, { a: a.length, b: b.length, c: c.length });
    if (s.alpha === 0 || s.k === 0) {
      gemm(s, a, b, c);
      return params.c;
    }
    const cSpan = matrixSpan(s.cOffset, s.m, s.n, s.ldc);
    const left = apartFromC(a, matrixSpan(s.aOffset, s.transA ? s.k : s.m, s.transA ? s.m : s.k, s.lda), c, cSpan);
    const right = apartFromC(b, matrixSpan(s.bOffset, s.transB ? s.n : s.k, s.transB ? s.k : s.n, s.ldb), c, cSpan);
    gemm({ ...s, aOffset: left.offset, bOffset: right.offset }, left.array, right.array, c);
    return params.c;
  }
}
