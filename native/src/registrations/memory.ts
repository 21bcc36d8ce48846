/**
 * The memory kernels of a native backend: f32 and u8 buffers in addon-owned aligned memory
 * (see {@link NativeMemory}), which the compute kernels use in place. `memory` is a compute
 * capability like the others (core's `COMPUTE_CAPABILITIES`), so its operations are kernels
 * too; all of them share the instance's buffer store.
 */
import { type Kernel, defineKernel } from '@knhk/core';
import { nativeRuntime } from './native-runtime.js';

export const allocateKernel = defineKernel({
  capability: 'memory',
  operation: 'allocate',
  dtypes: ['f32', 'u8'],
  create: (container) => {
    const memory = nativeRuntime(container).memory;
    return memory.allocate.bind(memory);
  },
});

export const copyToDeviceKernel = defineKernel({
  capability: 'memory',
  operation: 'copyToDevice',
  dtypes: ['f32', 'u8'],
  create: (container) => {
    const memory = nativeRuntime(container).memory;
    return memory.copyToDevice.bind(memory);
  },
});

export const copyFromDeviceKernel = defineKernel({
  capability: 'memory',
  operation: 'copyFromDevice',
  dtypes: ['f32', 'u8'],
  create: (container) => {
    const memory = nativeRuntime(container).memory;
    return memory.copyFromDevice.bind(memory);
  },
});

export const freeKernel = defineKernel({
  capability: 'memory',
  operation: 'free',
  dtypes: ['f32', 'u8'],
  create: (container) => {
    const memory = nativeRuntime(container).memory;
    return memory.free.bind(memory);
  },
});

export const infoKernel = defineKernel({
  capability: 'memory',
  operation: 'info',
  dtypes: ['f32', 'u8'],
  create: (container) => {
    const memory = nativeRuntime(container).memory;
    return memory.info.bind(memory);
  },
});

export const synchronizeKernel = defineKernel({
  capability: 'memory',
  operation: 'synchronize',
  dtypes: ['f32', 'u8'],
  create: (container) => {
    const memory = nativeRuntime(container).memory;
    return memory.synchronize.bind(memory);
  },
});

/** The family, in registration order. */
export const MEMORY_KERNELS: readonly Kernel[] = [
  allocateKernel,
  copyToDeviceKernel,
  copyFromDeviceKernel,
  freeKernel,
  infoKernel,
  synchronizeKernel,
];
