/**
 * The reduction kernels of the opencl backend: work-group reductions on the device, combined
 * on the host (see {@link OpenClReductions}). The sum accumulates in float on the device and
 * adds the groups' sums in double: `accumulation: 'f32'`.
 */
import type { Kernel } from '@knhk/core';
import { OpenClReductions } from '../reductions.js';
import { openclKernel } from './opencl-kernel.js';

export const sumKernel = openclKernel('reduce', 'sum', OpenClReductions, { accumulation: 'f32' });
export const minKernel = openclKernel('reduce', 'min', OpenClReductions);
export const maxKernel = openclKernel('reduce', 'max', OpenClReductions);
export const argmaxKernel = openclKernel('reduce', 'argmax', OpenClReductions);

/** The family, in registration order. */
export const REDUCTION_KERNELS: readonly Kernel[] = [sumKernel, minKernel, maxKernel, argmaxKernel];
