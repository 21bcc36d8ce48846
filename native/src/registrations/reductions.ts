/**
 * The reduction kernels of a native backend: sum, min, max and argmax of f32. The sum adds in
 * double lanes on every ISA (`native/src/kernels/<isa>/reduce_f32.cc`) and the thread pool's
 * parts are added in double (`native/src/parallel/split_f32.cc`): `accumulation: 'f64'`.
 */
import { type Kernel, defineKernel } from '@knhk/core';
import { nativeRuntime } from './native-runtime.js';

export const sumKernel = defineKernel({
  capability: 'reduce',
  operation: 'sum',
  accumulation: 'f64',
  create: (container) => {
    const reduce = nativeRuntime(container).reduce;
    return reduce.sum.bind(reduce);
  },
});

export const minKernel = defineKernel({
  capability: 'reduce',
  operation: 'min',
  create: (container) => {
    const reduce = nativeRuntime(container).reduce;
    return reduce.min.bind(reduce);
  },
});

export const maxKernel = defineKernel({
  capability: 'reduce',
  operation: 'max',
  create: (container) => {
    const reduce = nativeRuntime(container).reduce;
    return reduce.max.bind(reduce);
  },
});

export const argmaxKernel = defineKernel({
  capability: 'reduce',
  operation: 'argmax',
  create: (container) => {
    const reduce = nativeRuntime(container).reduce;
    return reduce.argmax.bind(reduce);
  },
});

/** The family, in registration order. */
export const REDUCTION_KERNELS: readonly Kernel[] = [sumKernel, minKernel, maxKernel, argmaxKernel];
