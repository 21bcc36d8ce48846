/**
 * @knhk/backend-neon: the `vector`, `reduce` and `pattern` capabilities on the native NEON
 * (AArch64 ASIMD) kernels of @knhk/native. Available only on aarch64, when the addon built and
 * loaded and the CPU reports ASIMD; elsewhere `detect()` says why (e.g. "this CPU is x86_64;
 * NEON needs aarch64"). The same kernels are tested on x86 through SIMDe in the test-only
 * emulation addon, which this backend never loads.
 * Operands are Float32Arrays; ranges with a stride above 1 run on the cpu backend's code.
 * Pattern sets of up to 16 patterns are prefiltered with the NEON Teddy kernel.
 */
import { defineBackend } from '@knhk/core';
import { NativePatternMatcher, NativeReductions, NativeVectorOps, detectNative, nativeKernels } from '@knhk/native';

/** The backend's name, as plugins, wisdom and pins refer to it. */
export const NEON_BACKEND = 'neon';

/** The neon backend plugin. */
export const neonBackend = defineBackend({
  name: NEON_BACKEND,
  version: '0.1.0',
  priority: 50,
  description:
    'Native NEON (AArch64 ASIMD) kernels (N-API addon): element-wise f32 arithmetic, dot, reductions and multi-literal pattern matching',
  providers: {
    vector: { useFactory: () => new NativeVectorOps(nativeKernels('neon'), NEON_BACKEND) },
    reduce: { useFactory: () => new NativeReductions(nativeKernels('neon'), NEON_BACKEND) },
    pattern: { useFactory: () => new NativePatternMatcher(nativeKernels('neon'), NEON_BACKEND) },
  },
  detect: () => detectNative('neon'),
});

export default neonBackend;
