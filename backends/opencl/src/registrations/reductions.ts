/**
 * The reduction kernels of the opencl backend: work-group reductions on the device, combined
 * on the host (see {@link OpenClReductions}). The sum accumulates in float on the device and
 * adds the groups' sums in double: `accumulation: 'f32'`.
 */
import { type Kernel, defineKernel } from '@knhk/core';
import { OpenClReductions } from '../reductions.js';

export const sumKernel = defineKernel({
  capability: 'reduce',
  operation: 'sum',
  accumulation: 'f32',
  create: (container) => {
    const reduce = container.resolve(OpenClReductions);
    return reduce.sum.bind(reduce);
  },
});

export const minKernel = defineKernel({
  capability: 'reduce',
  operation: 'min',
  create: (container) => {
    const reduce = container.resolve(OpenClReductions);
    return reduce.min.bind(reduce);
  },
});

export const maxKernel = defineKernel({
  capability: 'reduce',
  operation: 'max',
  create: (container) => {
    const reduce = container.resolve(OpenClReductions);
    return reduce.max.bind(reduce);
  },
});

export const argmaxKernel = defineKernel({
  capability: 'reduce',
  operation: 'argmax',
  create: (container) => {
    const reduce = container.resolve(OpenClReductions);
    return reduce.argmax.bind(reduce);
  },
});

/** The family, in registration order. */
export const REDUCTION_KERNELS: readonly Kernel[] = [sumKernel, minKernel, maxKernel, argmaxKernel];
