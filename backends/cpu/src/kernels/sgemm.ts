/** The sgemm kernel of the cpu backend: `CpuMatmul` (the blocked kernel of `@knhk/host`), float32 accumulation. */
import { CpuMatmul } from '../matmul.js';
import { serviceKernel } from './service-kernel.js';

/** C = alpha * op(A) * op(B) + beta * C, row-major. */
export const sgemmCpuKernel = serviceKernel('matmul', 'sgemm', CpuMatmul, { accumulation: 'f32' });
