/**
 * The sgemm kernel of a native backend: packed panels, cache blocking and the ISA's
 * register-tiled micro-kernel of f32 fused multiply-adds (`native/src/gemm/`,
 * `native/src/kernels/<isa>/sgemm_f32.cc`): `accumulation: 'f32'`.
 */
import { nativeKernel } from './native-kernel.js';

export const sgemmKernel = nativeKernel('matmul', 'sgemm', (runtime) => runtime.matmul, { accumulation: 'f32' });
