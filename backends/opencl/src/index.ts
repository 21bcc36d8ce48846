/**
 * @knhk/backend-opencl: every compute capability as OpenCL kernels, on any OpenCL 1.2+
 * device (a GPU driver, or PoCL on the CPU). The OpenCL ICD loader is loaded at run time by
 * the native addon, so the package installs and builds without OpenCL; `detect()` then says
 * why it is unavailable.
 */
import { type DependencyContainer, type PluginContext, defineBackend } from '@knhk/core';
import { OpenClMemory } from './device-memory.js';
import { detectOpenCl } from './opencl-detection.js';
import { parseOptions } from './opencl-options.js';
import { OpenClRuntime } from './opencl-runtime.js';
import { OPENCL_KERNELS, registerKernelFamilies } from './registrations/register-all-kernels.js';

/** The backend's name, as plugins, wisdom and pins refer to it. */
export const OPENCL_BACKEND = 'opencl';

function registerServices(container: DependencyContainer): void {
  container.registerSingleton(OpenClRuntime);
  registerKernelFamilies(container);
}

/**
 * The opencl backend plugin: the kernels of `registrations/` (vector, reduce, matmul, mlp,
 * pattern; `vector.div` only where every opened device divides correctly rounded) and the
 * `memory` provider {@link OpenClMemory}. Options: see {@link OpenClOptions}.
 */
export const openclBackend = defineBackend({
  name: OPENCL_BACKEND,
  version: '0.1.0',
  priority: 30,
  description:
    'OpenCL kernels (ICD loader loaded at run time): vector ops, reductions, sgemm, pattern matching, MLP training and device memory',
  kernels: OPENCL_KERNELS,
  providers: { memory: { useClass: OpenClMemory } },
  detect: (context: PluginContext) => detectOpenCl(parseOptions(context.options).library),
  register: registerServices,
  init: (context: PluginContext) => context.container.resolve(OpenClRuntime).open(),
  dispose: (context: PluginContext) => context.container.resolve(OpenClRuntime).close(),
});

export default openclBackend;

export { DEFAULT_SPLIT_MIN_ELEMENTS, type OpenClOptions, defaultCacheDir, parseOptions } from './opencl-options.js';
export { deviceId, deviceInfo, detectOpenCl } from './opencl-detection.js';
export { OpenClRuntime, preferredDevice } from './opencl-runtime.js';
export { OpenClDevice, buildOptions } from './opencl-device.js';
export { type DeviceProbe, orderByProbe, probeDevice } from './device-choice.js';
export { BufferPool, type PooledBlock, sizeClass } from './buffer-pool.js';
export { ProgramCache, programKey } from './program-cache.js';
export { OPENCL_PROVIDER, OpenClBuffer, OpenClBuffers } from './opencl-buffer.js';
export { OpenClVectorOps } from './vector-ops.js';
export { OpenClReductions } from './reductions.js';
export { OpenClMatmul } from './matmul.js';
export { OpenClDeviceMemory, type OpenClDeviceEntry, OpenClMemory } from './device-memory.js';
export { type NamedOperand, deviceOfOperands } from './device-placement.js';
export { type SplitPart, runSplit, shifted, splitByShares } from './device-split.js';
export { OpenClPatternMatcher, OpenClPatternSet, OpenClPatternStream } from './pattern-matcher.js';
export { PATTERN_PROGRAM } from './kernels/pattern-kernels.js';
export { OpenClMlpModel, OpenClNeuralTraining } from './neural-training.js';
export { MLP_PROGRAM } from './kernels/mlp-kernels.js';
export { enqueueSgemm } from './sgemm-launch.js';
export { VECTOR_PROGRAM, divisionDefine } from './kernels/vector-kernels.js';
export { type DivisionTraits, divisionAvailability } from './division-availability.js';
export { attached, isDetached } from './detached-input.js';
export { INDEX_MAX, reduceRangeIndexLimit, sgemmIndexLimit, vectorRangeIndexLimit } from './index-limits.js';
export { OPENCL_KERNELS, registerKernelFamilies } from './registrations/register-all-kernels.js';
export { REDUCE_PROGRAM } from './kernels/reduce-kernels.js';
export { SGEMM_PROGRAM, SGEMM_TILE } from './kernels/sgemm-kernel.js';
export type { KernelSource } from './kernels/kernel-source.js';
