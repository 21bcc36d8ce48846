/**
 * The memory kernels of a native backend: f32 and u8 buffers in addon-owned aligned memory
 * (see {@link NativeMemory}), which the compute kernels use in place. `memory` is a compute
 * capability like the others (core's `COMPUTE_CAPABILITIES`), so its operations are kernels
 * too; all of them share the instance's buffer store.
 */
import type { Kernel } from '@knhk/core';
import type { NativeRuntime } from './native-runtime.js';
import { nativeKernel } from './native-kernel.js';

const buffers = (runtime: NativeRuntime) => runtime.memory;

/** The family, in registration order. */
export const MEMORY_KERNELS: readonly Kernel[] = (
  ['allocate', 'copyToDevice', 'copyFromDevice', 'free', 'info', 'synchronize'] as const
).map((operation) => nativeKernel('memory', operation, buffers, { dtypes: ['f32', 'u8'] }));
