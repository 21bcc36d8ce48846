/**
 * @knhk/backend-neon: the `vector`, `reduce`, `pattern` and `memory` capabilities on the native NEON
 * (AArch64 ASIMD) kernels of @knhk/native. Available only on aarch64, when the addon built and
 * loaded and the CPU reports ASIMD; elsewhere `detect()` says why (e.g. "this CPU is x86_64;
 * NEON needs aarch64"). The same kernels are tested on x86 through SIMDe in the test-only
 * emulation addon, which this backend never loads.
 * Operands are Float32Arrays or this backend's buffers (`memory`, addon-owned); ranges with a
 * stride above 1 run on `@knhk/host`'s strided loops. Pattern sets of up to 16 patterns are
 * prefiltered with the NEON Teddy kernel. vector.compare, sgemm and MLP are not registered
 * here until NEON kernels exist for them (see {@link NEON_KERNEL_FAMILIES}; the cpu backend
 * serves them).
 */
import { defineNativeBackend } from '@knhk/native';
import { NEON_KERNEL_FAMILIES } from './register-all-kernels.js';

/** The backend's name, as plugins, wisdom and pins refer to it. */
export const NEON_BACKEND = 'neon';

/** The neon backend plugin. */
export const neonBackend = defineNativeBackend({
  name: NEON_BACKEND,
  version: '0.1.0',
  isa: 'neon',
  priority: 50,
  description:
    'Native NEON (AArch64 ASIMD) kernels (N-API addon): element-wise f32 arithmetic, dot, reductions, multi-literal pattern matching, device buffers',
  families: NEON_KERNEL_FAMILIES,
});

export { NEON_KERNEL_FAMILIES } from './register-all-kernels.js';

export default neonBackend;
