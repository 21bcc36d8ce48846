/**
 * The reduction kernels of a native backend: sum, min, max and argmax of f32. The sum adds in
 * double lanes on every ISA (`native/src/kernels/<isa>/reduce_f32.cc`) and the thread pool's
 * parts are added in double (`native/src/parallel/split_f32.cc`): `accumulation: 'f64'`.
 */
import type { Kernel } from '@knhk/core';
import { nativeKernel } from './native-kernel.js';

export const sumKernel = nativeKernel('reduce', 'sum', (runtime) => runtime.reduce, { accumulation: 'f64' });
export const minKernel = nativeKernel('reduce', 'min', (runtime) => runtime.reduce);
export const maxKernel = nativeKernel('reduce', 'max', (runtime) => runtime.reduce);
export const argmaxKernel = nativeKernel('reduce', 'argmax', (runtime) => runtime.reduce);

/** The family, in registration order. */
export const REDUCTION_KERNELS: readonly Kernel[] = [sumKernel, minKernel, maxKernel, argmaxKernel];
