/**
 * @knhk/native: the N-API addon with knhk's native SIMD kernels (scalar, AVX2+FMA,
 * AVX-512), its loader, and the capability classes the SIMD backends are built from.
 */
export type {
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
  nativeKernels,
  wrongArchitecture,
} from './detect.js';
export { NativeVectorOps } from './vector-ops.js';
export { NativeReductions } from './reductions.js';
export { NativePatternMatcher, NativePatternSet, NativePatternStream } from './pattern-matcher.js';
export { denseWindow, f32Input, hasStride, rejectHandle, separateFrom } from './host-input.js';
