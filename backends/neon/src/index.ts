/**
 * @knhk/backend-neon: the `vector`, `reduce`, `pattern` and `memory` capabilities on the native NEON
 * (AArch64 ASIMD) kernels of @knhk/native. Available only on aarch64, when the addon built and
 * loaded and the CPU reports ASIMD; elsewhere `detect()` says why (e.g. "this CPU is x86_64;
 * NEON needs aarch64"). The same kernels are tested on x86 through SIMDe in the test-only
 * emulation addon, which this backend never loads.
 * Operands are Float32Arrays or this backend's buffers (`memory`, addon-owned); ranges with a
 * stride above 1 run on the cpu backend's code. Pattern sets of up to 16 patterns are
 * prefiltered with the NEON Teddy kernel. sgemm and MLP are not offered here until NEON
 * micro-kernels exist (the cpu backend serves them).
 */
import { defineBackend } from '@knhk/core';
import {
  configureThreads,
  detectNative,
  nativeAddon,
  nativeKernels,
  nativeProviders,
  registerNativeStore,
} from '@knhk/native';

/** The backend's name, as plugins, wisdom and pins refer to it. */
export const NEON_BACKEND = 'neon';

/** The native providers this backend offers: vector, reduce, pattern and memory. */
function neonProviders() {
  const { vector, reduce, pattern, memory } = nativeProviders(NEON_BACKEND, () => nativeKernels('neon'));
  return { vector, reduce, pattern, memory };
}

/** The neon backend plugin. */
export const neonBackend = defineBackend({
  name: NEON_BACKEND,
  version: '0.1.0',
  priority: 50,
  description:
    'Native NEON (AArch64 ASIMD) kernels (N-API addon): element-wise f32 arithmetic, dot, reductions, multi-literal pattern matching, device buffers',
  providers: neonProviders(),
  detect: () => detectNative('neon'),
  register: (container) => registerNativeStore(container, NEON_BACKEND, nativeAddon('neon')),
  init: (context) => configureThreads(nativeAddon('neon'), context.options.threads, process.env.KNHK_THREADS),
});

export default neonBackend;
