/**
 * The element-wise kernels of the opencl backend: add, sub, mul, div and fma as OpenCL
 * kernels (see {@link OpenClVectorOps}). `div` is registered only where every opened device
 * divides correctly rounded (the float division with -cl-fp32-correctly-rounded-divide-sqrt,
 * or a double one rounded to float): elsewhere its `available()` says why, once, and the
 * framework runs vector.div on the next provider (`explain()` shows "does not register
 * vector.div here: ...").
 */
import type { Kernel } from '@knhk/core';
import { divisionAvailability } from '../division-availability.js';
import { vectorRangeIndexLimit } from '../index-limits.js';
import { OpenClRuntime } from '../opencl-runtime.js';
import { OpenClVectorOps } from '../vector-ops.js';
import { openclKernel } from './opencl-kernel.js';

export const addKernel = openclKernel('vector', 'add', OpenClVectorOps);
export const subKernel = openclKernel('vector', 'sub', OpenClVectorOps);
export const mulKernel = openclKernel('vector', 'mul', OpenClVectorOps);
/** Correctly rounded division, registered only where every opened device can do it. */
export const divKernel = openclKernel('vector', 'div', OpenClVectorOps, {
  available: (container) => divisionAvailability(container.resolve(OpenClRuntime).devices.map((d) => d.description)),
});
/** fma(a, b, c), rounded once. */
export const fmaKernel = openclKernel('vector', 'fma', OpenClVectorOps, {
  supports: (_a, _b, _c, _out, range) => vectorRangeIndexLimit(range),
});

/** The family, in registration order. */
export const ELEMENTWISE_KERNELS: readonly Kernel[] = [addKernel, subKernel, mulKernel, divKernel, fmaKernel];
