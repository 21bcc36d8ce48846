/**
 * The sgemm kernel of a native backend: packed panels, cache blocking and the ISA's
 * register-tiled micro-kernel of f32 fused multiply-adds (`native/src/gemm/`,
 * `native/src/kernels/<isa>/sgemm_f32.cc`): `accumulation: 'f32'`.
 */
import { defineKernel } from '@knhk/core';
import { nativeRuntime } from './native-runtime.js';

export const sgemmKernel = defineKernel({
  capability: 'matmul',
  operation: 'sgemm',
  accumulation: 'f32',
  create: (container) => {
    const matmul = nativeRuntime(container).matmul;
    return matmul.sgemm.bind(matmul);
  },
});
