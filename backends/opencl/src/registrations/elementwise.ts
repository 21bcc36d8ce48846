/**
 * The element-wise kernels of the opencl backend: add, sub, mul, div and fma as OpenCL
 * kernels (see {@link OpenClVectorOps}). `div` is registered only where every opened device
 * divides correctly rounded (the float division with -cl-fp32-correctly-rounded-divide-sqrt,
 * or a double one rounded to float): elsewhere its `available()` says why, once, and the
 * framework runs vector.div on the next provider (`explain()` shows "does not register
 * vector.div here: ...").
 */
import { type Kernel, defineKernel } from '@knhk/core';
import { divisionAvailability } from '../division-availability.js';
import { OpenClRuntime } from '../opencl-runtime.js';
import { OpenClVectorOps } from '../vector-ops.js';

export const addKernel = defineKernel({
  capability: 'vector',
  operation: 'add',
  create: (container) => {
    const vector = container.resolve(OpenClVectorOps);
    return vector.add.bind(vector);
  },
});

export const subKernel = defineKernel({
  capability: 'vector',
  operation: 'sub',
  create: (container) => {
    const vector = container.resolve(OpenClVectorOps);
    return vector.sub.bind(vector);
  },
});

export const mulKernel = defineKernel({
  capability: 'vector',
  operation: 'mul',
  create: (container) => {
    const vector = container.resolve(OpenClVectorOps);
    return vector.mul.bind(vector);
  },
});

/** Correctly rounded division, on devices that can do it. */
export const divKernel = defineKernel({
  capability: 'vector',
  operation: 'div',
  available: (container) => divisionAvailability(container.resolve(OpenClRuntime).devices.map((d) => d.description)),
  create: (container) => {
    const vector = container.resolve(OpenClVectorOps);
    return vector.div.bind(vector);
  },
});

/** fma(a, b, c), rounded once. */
export const fmaKernel = defineKernel({
  capability: 'vector',
  operation: 'fma',
  create: (container) => {
    const vector = container.resolve(OpenClVectorOps);
    return vector.fma.bind(vector);
  },
});

/** The family, in registration order. */
export const ELEMENTWISE_KERNELS: readonly Kernel[] = [addKernel, subKernel, mulKernel, divKernel, fmaKernel];
