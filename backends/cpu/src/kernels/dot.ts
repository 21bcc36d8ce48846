/** The dot product kernel of the cpu backend, of the call form: float64 accumulation, returned unrounded. */
import { type DotCall, defineKernel } from '@knhk/core';
import { dotDense, dotKernel } from '@knhk/host';
import { CpuHostMemory } from '../host-memory.js';
import { hostF32 } from './host-operands.js';

/** The kernel function of dot over one plugin instance's memory. */
export function dotFunction(memory: CpuHostMemory): (call: DotCall) => number {
  const op = 'vector.dot';
  return (call) => {
    if (call.dense) return dotDense(call.a.array as Float32Array, call.b.array as Float32Array, call.n);
    return dotKernel(call.n, hostF32(memory, op, 'a', call.a), hostF32(memory, op, 'b', call.b));
  };
}

/** Sum of a[i] * b[i], accumulated in float64; +0 when the range is empty. */
export const dotCpuKernel = defineKernel({
  capability: 'vector',
  operation: 'dot',
  form: 'call',
  accumulation: 'f64',
  create: (container) => dotFunction(container.resolve(CpuHostMemory)),
});
