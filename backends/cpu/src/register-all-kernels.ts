/**
 * Every kernel of the cpu backend, one file per kernel family (TensorFlow.js's
 * `register_all_kernels.ts` is the model). The vector and reduce kernels take core's
 * normalised call; the others their operation's arguments.
 */
import type { Kernel } from '@knhk/core';
import { compareCpuKernel } from './kernels/compare.js';
import { dotCpuKernel } from './kernels/dot.js';
import { ELEMENTWISE_KERNELS } from './kernels/elementwise.js';
import { MEMORY_KERNELS } from './kernels/memory.js';
import { MLP_KERNELS } from './kernels/mlp.js';
import { PATTERN_KERNELS } from './kernels/pattern.js';
import { REDUCTION_KERNELS } from './kernels/reductions.js';
import { sgemmCpuKernel } from './kernels/sgemm.js';

/** The kernels the cpu plugin registers. */
export const CPU_KERNELS: readonly Kernel[] = Object.freeze([
  ...ELEMENTWISE_KERNELS,
  dotCpuKernel,
  compareCpuKernel,
  ...REDUCTION_KERNELS,
  sgemmCpuKernel,
  ...PATTERN_KERNELS,
  ...MLP_KERNELS,
  ...MEMORY_KERNELS,
]);
