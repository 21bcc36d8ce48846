/**
 * The element-wise kernels of a native backend: add, sub, mul, div and fma on f32, by the
 * ISA's SIMD kernels (strides above 1 by `@knhk/host`'s strided loops, after core's checks;
 * see {@link NativeVectorOps}). Each kernel function is the implementation's method itself.
 */
import type { Kernel } from '@knhk/core';
import { nativeKernel } from './native-kernel.js';

export const addKernel = nativeKernel('vector', 'add', (runtime) => runtime.vector);
export const subKernel = nativeKernel('vector', 'sub', (runtime) => runtime.vector);
export const mulKernel = nativeKernel('vector', 'mul', (runtime) => runtime.vector);
export const divKernel = nativeKernel('vector', 'div', (runtime) => runtime.vector);
/** a * b + c rounded once (hardware FMA). */
export const fmaKernel = nativeKernel('vector', 'fma', (runtime) => runtime.vector);

/** The family, in registration order. */
export const ELEMENTWISE_KERNELS: readonly Kernel[] = [addKernel, subKernel, mulKernel, divKernel, fmaKernel];
