/**
 * The dot kernel of the opencl backend: float accumulation per work-item and a tree per
 * work-group on the device, the groups' sums added in double on the host: `accumulation:
 * 'f32'`.
 */
import { OpenClVectorOps } from '../vector-ops.js';
import { openclKernel } from './opencl-kernel.js';
import { vectorRangeIndexLimit } from '../index-limits.js';

export const dotKernel = openclKernel('vector', 'dot', OpenClVectorOps, {
  accumulation: 'f32',
  supports: (_a, _b, range) => vectorRangeIndexLimit(range),
});
