/**
 * The reduction kernels of the cpu backend (reduce.sum, min, max, argmax), of the call form:
 * core has checked the span; the kernel resolves a buffer and runs the host loop. Sum adds
 * four interleaved float64 partial sums and returns the result unrounded; min, max and
 * argmax are exact.
 */
import { type ReduceCall, defineKernel } from '@knhk/core';
import { argmaxStrided, maxStrided, minStrided, sumStrided } from '@knhk/host';
import { CpuHostMemory } from '../host-memory.js';

type StridedReduction = (x: Float32Array, offset: number, stride: number, n: number) => number;

/** The kernel function of one reduction over one plugin instance's memory. */
export function reductionFunction(
  op: string,
  loop: StridedReduction,
  memory: CpuHostMemory,
): (call: ReduceCall) => number {
  return (call) => {
    const x = call.x;
    const array = x.array instanceof Float32Array ? x.array : memory.f32(op, 'x', x.array);
    return loop(array, x.offset, x.stride, call.n);
  };
}

/** Sum of the elements; 0 for an empty range; NaN when any element is NaN. */
export const sumCpuKernel = defineKernel({
  capability: 'reduce',
  operation: 'sum',
  form: 'call',
  accumulation: 'f64',
  create: (container) => reductionFunction('reduce.sum', sumStrided, container.resolve(CpuHostMemory)),
});

/** Smallest element (-0 below +0); NaN when any element is NaN. */
export const minCpuKernel = defineKernel({
  capability: 'reduce',
  operation: 'min',
  form: 'call',
  create: (container) => reductionFunction('reduce.min', minStrided, container.resolve(CpuHostMemory)),
});

/** Largest element (+0 above -0); NaN when any element is NaN. */
export const maxCpuKernel = defineKernel({
  capability: 'reduce',
  operation: 'max',
  form: 'call',
  create: (container) => reductionFunction('reduce.max', maxStrided, container.resolve(CpuHostMemory)),
});

/** Position in the range of the first NaN, else of the first largest element. */
export const argmaxCpuKernel = defineKernel({
  capability: 'reduce',
  operation: 'argmax',
  form: 'call',
  create: (container) => reductionFunction('reduce.argmax', argmaxStrided, container.resolve(CpuHostMemory)),
});

/** The reduction kernels, in the order of the `reduce` capability. */
export const REDUCTION_KERNELS = [sumCpuKernel, minCpuKernel, maxCpuKernel, argmaxCpuKernel] as const;
