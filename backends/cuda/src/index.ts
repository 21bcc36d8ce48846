/**
 * @knhk/backend-cuda: knhk's `cuda` backend for NVIDIA GPUs. The CUDA driver (`libcuda.so.1`)
 * is loaded at run time by the native addon, so the package installs and builds without CUDA;
 * `detect()` then says why it is unavailable and what to install. The kernels are CUDA C
 * (kernels/, one file per family, in the subset HIP compiles), built into fatbins by nvcc at
 * install when it is present, with the generated PTX shipped for machines with only the
 * driver. This version provides the `memory` capability (device buffers, copies on a stream)
 * and registers no kernel family yet: compute calls run on the other backends.
 */
import { type PluginContext, defineBackend } from '@knhk/core';
import { detectCuda } from './cuda-detection.js';
import { parseOptions } from './cuda-options.js';
import { CudaRuntime } from './cuda-runtime.js';
import { CudaMemory } from './device-memory.js';

/** The backend's name, as plugins, wisdom and pins refer to it. */
export const CUDA_BACKEND = 'cuda';

/** The cuda backend plugin. Options: see {@link CudaOptions}. */
export const cudaBackend = defineBackend({
  name: CUDA_BACKEND,
  version: '0.1.0',
  priority: 40,
  description:
    'NVIDIA GPUs through the CUDA driver API (libcuda.so.1 loaded at run time): device memory on a stream; kernel families to come',
  kernels: [],
  providers: { memory: { useClass: CudaMemory } },
  detect: (context: PluginContext) => detectCuda(parseOptions(context.options).library),
  register: (container) => container.registerSingleton(CudaRuntime),
  init: (context: PluginContext) => context.container.resolve(CudaRuntime).open(),
  dispose: (context: PluginContext) => context.container.resolve(CudaRuntime).close(),
});

export default cudaBackend;

export { type CudaOptions, parseOptions } from './cuda-options.js';
export { type CudaOpened, CudaRuntime } from './cuda-runtime.js';
export { CUDA_PROVIDER, CudaBuffer } from './cuda-buffer.js';
export { CudaMemory } from './device-memory.js';
export {
  DeviceMemoryPool,
  type PoolDevice,
  type PoolInfo,
  type PoolLimits,
  type PooledBlock,
  poolSizeClass,
} from './memory-pool.js';
export { type CudaDriverFound, describeCuda, detectCuda, deviceId, deviceInfo } from './cuda-detection.js';
export { CUDA_PACKAGE_DIR, type KernelImage, type KernelImages, kernelImages } from './kernel-images.js';
export { FATBIN_MAGIC, type FatbinEntry, fatbinEntries } from './fatbin-entries.js';
export { PTX_ISA_MIN_DRIVER, driverTooOld, driverVersionText, minimumDriverFor } from './ptx-driver-versions.js';
