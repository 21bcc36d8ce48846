/**
 * @knhk/native: the N-API addon with knhk's native SIMD kernels (scalar, AVX2+FMA,
 * AVX-512, NEON), its loader, the capability classes the SIMD backends are built from, and
 * their kernel registrations (one file per kernel family under `registrations/`).
 */
export type {
  F32Operand,
  MemoryId,
  NativeAddon,
  NativeFeatures,
  NativeIsa,
  NativeKernels,
  NativeMatchList,
  NativePatternDb,
  NativePatternStrategy,
  NativePatternStreamHandle,
} from './addon-types.js';
export { DEFAULT_BUILD_DIR, type NativeLoad, loadNative } from './loader.js';
export {
  REQUIRED_FLAGS,
  type SimdIsa,
  detectNative,
  missingSupport,
  nativeAddon,
  nativeKernels,
  wrongArchitecture,
} from './detect.js';
export { NativeBuffer, NativeBufferStore, type NativeView } from './buffer-store.js';
export { NativeMemory } from './device-memory.js';
export { NativeVectorOps } from './vector-ops.js';
export { NativeReductions } from './reductions.js';
export { NativePatternMatcher, NativePatternSet, NativePatternStream } from './pattern-matcher.js';
export type {
  OpenClBinding,
  OpenClContextHandle,
  OpenClDeviceDescription,
  OpenClKernel,
  OpenClKernelArg,
  OpenClMem,
  OpenClProgram,
} from './opencl/opencl-addon-types.js';
export { DEFAULT_OPENCL_LIBRARY, type OpenClLoad, loadOpenCl, openClLibrary } from './opencl/opencl-loader.js';
export type {
  CudaBinding,
  CudaContext,
  CudaDeviceDescription,
  CudaEvent,
  CudaFunction,
  CudaInit,
  CudaKernelArg,
  CudaMemory,
  CudaModule,
  CudaStream,
} from './cuda/cuda-addon-types.js';
export { CUDA_INSTALL_HINT, type CudaLoad, DEFAULT_CUDA_LIBRARY, cudaLibrary, loadCuda } from './cuda/cuda-loader.js';
export { NativeMatmul, nativeGemm } from './matmul.js';
export { NativeNeuralTraining } from './neural-training.js';
export { THREADS_MAX, configureThreads, requestedThreads } from './threads.js';
export { type NativeBackendDefinition, defineNativeBackend } from './native-backend.js';
export { NativeRuntime, nativeRuntime, registerNativeRuntime } from './registrations/native-runtime.js';
export {
  NATIVE_KERNEL_FAMILIES,
  type NativeKernelFamily,
  familyKernels,
  registerAllKernels,
} from './registrations/register-all-kernels.js';
export { dotAccumulation } from './registrations/dot.js';
export { apartFromBytes, denseWindow, hasStride, separateFrom } from './host-input.js';
