/**
 * Every kernel a native backend can register, by family, and the list for one kernel table
 * (TensorFlow.js's `register_all_kernels.ts` is the model). A backend lists the families its
 * ISA has: avx2 and avx512 all of them, neon those without compare, sgemm and MLP (see
 * `@knhk/backend-neon`), so that an operation it lacks is one it does not register.
 */
import type { Kernel } from '@knhk/core';
import type { NativeIsa } from '../addon-types.js';
import { compareKernel } from './compare.js';
import { dotKernel } from './dot.js';
import { ELEMENTWISE_KERNELS } from './elementwise.js';
import { MEMORY_KERNELS } from './memory.js';
import { MLP_KERNELS } from './mlp.js';
import { PATTERN_KERNELS } from './pattern.js';
import { REDUCTION_KERNELS } from './reductions.js';
import { sgemmKernel } from './sgemm.js';

/** The kernel families of the native backends, each a file of this folder. */
export type NativeKernelFamily =
  'elementwise' | 'dot' | 'compare' | 'reductions' | 'sgemm' | 'mlp' | 'pattern' | 'memory';

/** Every family, in registration order. */
export const NATIVE_KERNEL_FAMILIES: readonly NativeKernelFamily[] = Object.freeze([
  'elementwise',
  'dot',
  'compare',
  'reductions',
  'sgemm',
  'mlp',
  'pattern',
  'memory',
]);

/** The kernels of one family over the table of `isa`. */
export function familyKernels(family: NativeKernelFamily, isa: NativeIsa): readonly Kernel[] {
  switch (family) {
    case 'elementwise':
      return ELEMENTWISE_KERNELS;
    case 'dot':
      return [dotKernel(isa)];
    case 'compare':
      return [compareKernel];
    case 'reductions':
      return REDUCTION_KERNELS;
    case 'sgemm':
      return [sgemmKernel];
    case 'mlp':
      return MLP_KERNELS;
    case 'pattern':
      return PATTERN_KERNELS;
    case 'memory':
      return MEMORY_KERNELS;
  }
}

/** The kernels of `families` (default: all) over the table of `isa`, for a plugin's `kernels`. */
export function registerAllKernels(
  isa: NativeIsa,
  families: readonly NativeKernelFamily[] = NATIVE_KERNEL_FAMILIES,
): readonly Kernel[] {
  return families.flatMap((family) => familyKernels(family, isa));
}
