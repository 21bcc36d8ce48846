/**
 * The sgemm kernel of the opencl backend: the tiled OpenCL kernel, f32 sums (see
 * {@link OpenClMatmul}). It declines calls whose sizes, leading dimensions or offsets reach
 * 2^32 (the kernels index in 32 bits), which then run on the next provider.
 */
import { defineKernel } from '@knhk/core';
import { OpenClMatmul } from '../matmul.js';
import { sgemmIndexLimit } from '../sgemm-limits.js';

export const sgemmKernel = defineKernel({
  capability: 'matmul',
  operation: 'sgemm',
  accumulation: 'f32',
  supports: (params) => sgemmIndexLimit(params),
  create: (container) => {
    const matmul = container.resolve(OpenClMatmul);
    return matmul.sgemm.bind(matmul);
  },
});
