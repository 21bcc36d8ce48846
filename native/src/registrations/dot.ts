/**
 * The dot kernel of a native backend. The SIMD kernels (avx2, avx512, neon) accumulate the
 * products in f32 lanes (four vector accumulators of fused multiply-adds) and add the lanes up
 * in double (`native/src/kernels/<isa>/dot_f32.cc`); the scalar kernel sums in double. The
 * declared `accumulation` is the one of the table the kernel runs on.
 */
import type { Accumulation, Kernel } from '@knhk/core';
import type { NativeIsa } from '../addon-types.js';
import { nativeKernel } from './native-kernel.js';

/** How the dot kernel of `isa` accumulates: in f32 lanes on the SIMD ISAs, in double on scalar. */
export function dotAccumulation(isa: NativeIsa): Accumulation {
  return isa === 'scalar' ? 'f64' : 'f32';
}

/** The dot kernel over the table of `isa`. */
export function dotKernel(isa: NativeIsa): Kernel {
  return nativeKernel('vector', 'dot', (runtime) => runtime.vector, { accumulation: dotAccumulation(isa) });
}
