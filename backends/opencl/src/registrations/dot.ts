/**
 * The dot kernel of the opencl backend: float accumulation per work-item and a tree per
 * work-group on the device, the groups' sums added in double on the host: `accumulation:
 * 'f32'`.
 */
import { defineKernel } from '@knhk/core';
import { OpenClVectorOps } from '../vector-ops.js';

export const dotKernel = defineKernel({
  capability: 'vector',
  operation: 'dot',
  accumulation: 'f32',
  create: (container) => {
    const vector = container.resolve(OpenClVectorOps);
    return vector.dot.bind(vector);
  },
});
