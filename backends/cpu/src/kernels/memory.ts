/** The memory kernels of the cpu backend: its host buffers (`CpuMemory` over the instance's `CpuHostMemory`). */
import { CpuMemory } from '../device-memory.js';
import { serviceKernel } from './service-kernel.js';

/** The memory kernels, in the order of the `memory` capability. */
export const MEMORY_KERNELS = [
  serviceKernel('memory', 'allocate', CpuMemory),
  serviceKernel('memory', 'copyToDevice', CpuMemory),
  serviceKernel('memory', 'copyFromDevice', CpuMemory),
  serviceKernel('memory', 'free', CpuMemory),
  serviceKernel('memory', 'info', CpuMemory),
  serviceKernel('memory', 'synchronize', CpuMemory),
] as const;
