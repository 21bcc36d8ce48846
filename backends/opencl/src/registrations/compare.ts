/** The compare kernel of the opencl backend: an f32 comparison to a 0/1 byte mask on the device. */
import { defineKernel } from '@knhk/core';
import { OpenClVectorOps } from '../vector-ops.js';

export const compareKernel = defineKernel({
  capability: 'vector',
  operation: 'compare',
  create: (container) => {
    const vector = container.resolve(OpenClVectorOps);
    return vector.compare.bind(vector);
  },
});
