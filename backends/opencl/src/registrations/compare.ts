/** The compare kernel of the opencl backend: an f32 comparison to a 0/1 byte mask on the device. */
import { OpenClVectorOps } from '../vector-ops.js';
import { openclKernel } from './opencl-kernel.js';
import { vectorRangeIndexLimit } from '../index-limits.js';

export const compareKernel = openclKernel('vector', 'compare', OpenClVectorOps, {
  supports: (_a, _b, _op, _out, range) => vectorRangeIndexLimit(range),
});
