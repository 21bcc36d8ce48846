/**
 * Launch shapes of the work-group reductions: a power-of-two work-group size the kernel can
 * run with, and enough groups (each over one contiguous block) to keep the device busy
 * without more partial results than the host needs to combine. 64 x 64 measured fastest of
 * 256x128, 16x128, 64x64, 8x256 and 4x1024 for a sum of 2^20 floats on PoCL (2.0 ms against
 * 2.3 to 6.6 ms), and is a common shape on GPUs.
 */
import type { OpenClKernel } from '@knhk/native';
import type { OpenClDevice } from './opencl-device.js';

/** Work-items per group at most. */
const LOCAL_MAX = 64;
/** Partial results at most. */
const GROUPS_MAX = 64;
/** Elements each work-item takes at least before another group is added. */
const ELEMENTS_PER_ITEM = 16;

/** The shape of one reduction launch. */
export interface ReductionShape {
  readonly local: number;
  readonly groups: number;
}

function floorPowerOfTwo(x: number): number {
  return 2 ** Math.floor(Math.log2(Math.max(1, x)));
}

/** The launch shape of a reduction of `n` elements with `kernel` on `device`. */
export function reductionShape(device: OpenClDevice, kernel: OpenClKernel, n: number): ReductionShape {
  const limit = Math.min(LOCAL_MAX, device.description.maxWorkGroupSize, device.context.kernelWorkGroupSize(kernel));
  const local = floorPowerOfTwo(limit);
  const groups = Math.max(1, Math.min(GROUPS_MAX, Math.ceil(n / (local * ELEMENTS_PER_ITEM))));
  return { local, groups };
}
