/**
 * The reduction kernels of the opencl backend: work-group reductions on the device, combined
 * on the host (see {@link OpenClReductions}). The sum accumulates in float on the device and
 * adds the groups' sums in double: `accumulation: 'f32'`.
 */
import type { Kernel } from '@knhk/core';
import { OpenClReductions } from '../reductions.js';
import { openclKernel } from './opencl-kernel.js';
import { reduceRangeIndexLimit } from '../index-limits.js';

/** Declines ranges whose offset, stride or length reach 2^32 (the kernels index in 32 bits). */
const supports = (_x: unknown, range: unknown): true | string => reduceRangeIndexLimit(range);

export const sumKernel = openclKernel('reduce', 'sum', OpenClReductions, { accumulation: 'f32', supports });
export const minKernel = openclKernel('reduce', 'min', OpenClReductions, { supports });
export const maxKernel = openclKernel('reduce', 'max', OpenClReductions, { supports });
export const argmaxKernel = openclKernel('reduce', 'argmax', OpenClReductions, { supports });

/** The family, in registration order. */
export const REDUCTION_KERNELS: readonly Kernel[] = [sumKernel, minKernel, maxKernel, argmaxKernel];
