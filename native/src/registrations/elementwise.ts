/**
 * The element-wise kernels of a native backend: add, sub, mul, div and fma on f32, by the
 * ISA's SIMD kernels (strides above 1 by `@knhk/host`'s strided loops, after core's checks;
 * see {@link NativeVectorOps}). Each kernel function is the implementation's method itself.
 */
import { type Kernel, defineKernel } from '@knhk/core';
import { nativeRuntime } from './native-runtime.js';

export const addKernel = defineKernel({
  capability: 'vector',
  operation: 'add',
  create: (container) => {
    const vector = nativeRuntime(container).vector;
    return vector.add.bind(vector);
  },
});

export const subKernel = defineKernel({
  capability: 'vector',
  operation: 'sub',
  create: (container) => {
    const vector = nativeRuntime(container).vector;
    return vector.sub.bind(vector);
  },
});

export const mulKernel = defineKernel({
  capability: 'vector',
  operation: 'mul',
  create: (container) => {
    const vector = nativeRuntime(container).vector;
    return vector.mul.bind(vector);
  },
});

export const divKernel = defineKernel({
  capability: 'vector',
  operation: 'div',
  create: (container) => {
    const vector = nativeRuntime(container).vector;
    return vector.div.bind(vector);
  },
});

/** a * b + c rounded once (hardware FMA). */
export const fmaKernel = defineKernel({
  capability: 'vector',
  operation: 'fma',
  create: (container) => {
    const vector = nativeRuntime(container).vector;
    return vector.fma.bind(vector);
  },
});

/** The family, in registration order. */
export const ELEMENTWISE_KERNELS: readonly Kernel[] = [addKernel, subKernel, mulKernel, divKernel, fmaKernel];
