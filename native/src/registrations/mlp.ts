/**
 * The MLP kernels of a native backend: `@knhk/host`'s training with every matrix product on
 * the native sgemm (see {@link NativeNeuralTraining}). The kernels of the family share one
 * trainer per plugin instance, which knows the models it created.
 */
import type { Kernel } from '@knhk/core';
import type { NativeRuntime } from './native-runtime.js';
import { nativeKernel } from './native-kernel.js';

const trainer = (runtime: NativeRuntime) => runtime.mlp;

/** The family, in registration order. */
export const MLP_KERNELS: readonly Kernel[] = (
  ['createModel', 'getParameters', 'setParameters', 'forward', 'loss', 'trainStep', 'release'] as const
).map((operation) => nativeKernel('mlp', operation, trainer));
