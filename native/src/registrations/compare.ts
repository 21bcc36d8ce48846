/**
 * The compare kernel of a native backend: an f32 comparison to a 0/1 byte mask, by the ISA's
 * compare kernels (`native/src/kernels/<isa>/compare_f32.cc`).
 */
import { nativeKernel } from './native-kernel.js';

export const compareKernel = nativeKernel('vector', 'compare', (runtime) => runtime.vector);
