/**
 * @knhk/backend-avx2: the `vector`, `reduce` and `pattern` capabilities on the native AVX2 and FMA
 * kernels of @knhk/native. Available only when the addon built and loaded and the CPU and OS
 * support AVX2 and FMA; otherwise `detect()` says why (the build error, or the missing CPU flags).
 * Operands are Float32Arrays; ranges with a stride above 1 run on the cpu backend's code.
 * Pattern sets of up to 16 patterns are prefiltered with this ISA's Teddy kernel.
 */
import { defineBackend } from '@knhk/core';
import { NativePatternMatcher, NativeReductions, NativeVectorOps, detectNative, nativeKernels } from '@knhk/native';

/** The backend's name, as plugins, wisdom and pins refer to it. */
export const AVX2_BACKEND = 'avx2';

/** The avx2 backend plugin. */
export const avx2Backend = defineBackend({
  name: AVX2_BACKEND,
  version: '0.1.0',
  priority: 50,
  description:
    'Native AVX2 and FMA kernels (N-API addon): element-wise f32 arithmetic, dot, reductions and multi-literal pattern matching',
  providers: {
    vector: { useFactory: () => new NativeVectorOps(nativeKernels('avx2'), AVX2_BACKEND) },
    reduce: { useFactory: () => new NativeReductions(nativeKernels('avx2'), AVX2_BACKEND) },
    pattern: { useFactory: () => new NativePatternMatcher(nativeKernels('avx2'), AVX2_BACKEND) },
  },
  detect: () => detectNative('avx2'),
});

export default avx2Backend;
