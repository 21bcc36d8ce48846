/**
 * The kernels the neon backend registers: the native kernel families that have NEON code
 * (`native/src/kernels/neon/`). compare, sgemm and MLP are left out until NEON kernels exist
 * for them (the addon's neon table holds the scalar comparison and sgemm tile), so the
 * framework runs them on the next provider (the cpu backend) and `explain()` says that neon
 * does not register them.
 */
import type { NativeKernelFamily } from '@knhk/native';

/** The families of `@knhk/native`'s registrations that neon registers. */
export const NEON_KERNEL_FAMILIES: readonly NativeKernelFamily[] = Object.freeze([
  'elementwise',
  'dot',
  'reductions',
  'pattern',
  'memory',
]);
