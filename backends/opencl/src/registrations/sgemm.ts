/**
 * The sgemm kernel of the opencl backend: the tiled OpenCL kernel, f32 sums (see
 * {@link OpenClMatmul}). It declines calls whose sizes, leading dimensions or offsets reach
 * 2^32 (the kernels index in 32 bits), which then run on the next provider.
 */
import { OpenClMatmul } from '../matmul.js';
import { sgemmIndexLimit } from '../index-limits.js';
import { openclKernel } from './opencl-kernel.js';

export const sgemmKernel = openclKernel('matmul', 'sgemm', OpenClMatmul, {
  accumulation: 'f32',
  supports: (params) => sgemmIndexLimit(params),
});
