/**
 * @knhk/backend-avx512: the `vector`, `reduce` and `pattern` capabilities on the native AVX-512 (F, BW, VL, DQ)
 * kernels of @knhk/native. Available only when the addon built and loaded and the CPU and OS
 * support AVX-512 (F, BW, VL, DQ); otherwise `detect()` says why (the build error, or the missing CPU flags).
 * Operands are Float32Arrays; ranges with a stride above 1 run on the cpu backend's code.
 * Pattern sets of up to 16 patterns are prefiltered with this ISA's Teddy kernel.
 */
import { defineBackend } from '@knhk/core';
import { NativePatternMatcher, NativeReductions, NativeVectorOps, detectNative, nativeKernels } from '@knhk/native';

/** The backend's name, as plugins, wisdom and pins refer to it. */
export const AVX512_BACKEND = 'avx512';

/** The avx512 backend plugin. */
export const avx512Backend = defineBackend({
  name: AVX512_BACKEND,
  version: '0.1.0',
  priority: 60,
  description:
    'Native AVX-512 (F, BW, VL, DQ) kernels (N-API addon): element-wise f32 arithmetic, dot, reductions and multi-literal pattern matching',
  providers: {
    vector: { useFactory: () => new NativeVectorOps(nativeKernels('avx512'), AVX512_BACKEND) },
    reduce: { useFactory: () => new NativeReductions(nativeKernels('avx512'), AVX512_BACKEND) },
    pattern: { useFactory: () => new NativePatternMatcher(nativeKernels('avx512'), AVX512_BACKEND) },
  },
  detect: () => detectNative('avx512'),
});

export default avx512Backend;
