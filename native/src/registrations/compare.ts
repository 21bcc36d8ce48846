/**
 * The compare kernel of a native backend: an f32 comparison to a 0/1 byte mask, by the ISA's
 * compare kernels (`native/src/kernels/<isa>/compare_f32.cc`).
 */
import { defineKernel } from '@knhk/core';
import { nativeRuntime } from './native-runtime.js';

export const compareKernel = defineKernel({
  capability: 'vector',
  operation: 'compare',
  create: (container) => {
    const vector = nativeRuntime(container).vector;
    return vector.compare.bind(vector);
  },
});
