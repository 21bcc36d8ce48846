/**
 * The MLP kernels of the opencl backend: models whose parameters live on the device (see
 * {@link OpenClNeuralTraining}). The kernels share one trainer per plugin instance, which
 * knows the models it created.
 */
import type { Kernel } from '@knhk/core';
import { OpenClNeuralTraining } from '../neural-training.js';
import { openclKernel } from './opencl-kernel.js';

/** The family, in registration order. */
export const MLP_KERNELS: readonly Kernel[] = (
  ['createModel', 'getParameters', 'setParameters', 'forward', 'loss', 'trainStep', 'release'] as const
).map((operation) => openclKernel('mlp', operation, OpenClNeuralTraining));
