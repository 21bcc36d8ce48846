/**
 * Every kernel the opencl backend registers, one file per family (TensorFlow.js's
 * `register_all_kernels.ts` is the model). `memory` is not among them: it stays a class
 * provider ({@link OpenClMemory}), because besides the capability's operations it offers
 * `devices()` and `on(deviceId)`, which a kernel table would not carry.
 */
import type { DependencyContainer, Kernel } from '@knhk/core';
import { OpenClMatmul } from '../matmul.js';
import { OpenClNeuralTraining } from '../neural-training.js';
import { OpenClPatternMatcher } from '../pattern-matcher.js';
import { OpenClReductions } from '../reductions.js';
import { OpenClVectorOps } from '../vector-ops.js';
import { compareKernel } from './compare.js';
import { dotKernel } from './dot.js';
import { ELEMENTWISE_KERNELS } from './elementwise.js';
import { MLP_KERNELS } from './mlp.js';
import { PATTERN_KERNELS } from './pattern.js';
import { REDUCTION_KERNELS } from './reductions.js';
import { sgemmKernel } from './sgemm.js';

/** The kernels of the opencl backend, in registration order. */
export const OPENCL_KERNELS: readonly Kernel[] = Object.freeze([
  ...ELEMENTWISE_KERNELS,
  dotKernel,
  compareKernel,
  ...REDUCTION_KERNELS,
  sgemmKernel,
  ...MLP_KERNELS,
  ...PATTERN_KERNELS,
]);

/**
 * Registers the implementation of each kernel family once per plugin instance, so that the
 * kernels of a family share it (a set compiled by pattern.compile is known to pattern.scan).
 */
export function registerKernelFamilies(container: DependencyContainer): void {
  container.registerSingleton(OpenClVectorOps);
  container.registerSingleton(OpenClReductions);
  container.registerSingleton(OpenClMatmul);
  container.registerSingleton(OpenClNeuralTraining);
  container.registerSingleton(OpenClPatternMatcher);
}
