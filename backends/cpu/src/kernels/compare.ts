/**
 * The comparison kernel of the cpu backend (vector.compare), of the call form. A scalar `b`
 * (already rounded to float32 by core) is read as an operand of stride 0 from a one-element
 * array the kernel keeps, so that no call allocates for it.
 */
import { type CompareCall, type Operand, defineKernel } from '@knhk/core';
import { type StridedOperand, compareDense, compareKernel, compareScalarDense, separateInput } from '@knhk/host';
import { CpuHostMemory } from '../host-memory.js';
import { hostF32, hostOutput } from './host-operands.js';

/** The kernel function of compare over one plugin instance's memory. */
export function compareFunction(memory: CpuHostMemory): (call: CompareCall) => unknown {
  const box = new Float32Array(1);
  const scalarOperand: StridedOperand<Float32Array> = { array: box, offset: 0, stride: 0 };
  /** Any call but a dense one: buffers resolved, partly overlapping inputs copied, the strided loop. */
  const strided = (call: CompareCall): unknown => {
    const op = 'vector.compare';
    const n = call.n;
    const b = call.b;
    if (b === undefined) box[0] = call.scalar as number;
    const x = hostF32(memory, op, 'a', call.a);
    const y = b === undefined ? scalarOperand : hostF32(memory, op, 'b', b as Operand);
    const { result, target } = hostOutput<Uint8Array>(memory, op, 'u8', call.out, call.result, n);
    const sb = b === undefined ? y : separateInput(y, n, target);
    compareKernel(call.op, n, separateInput(x, n, target), sb, target);
    return result;
  };
  // The dense call first and the rest apart, as the element-wise kernels do: the closure stays small.
  return (call) => {
    if (!call.dense) return strided(call);
    const o = (call.out as Operand<Uint8Array>).array as Uint8Array;
    const b = call.b;
    if (b === undefined) compareScalarDense(call.op, call.n, call.a.array as Float32Array, call.scalar as number, o);
    else compareDense(call.op, call.n, call.a.array as Float32Array, b.array as Float32Array, o);
    return call.result;
  };
}

/** out[i] = (a[i] op b[i]) ? 1 : 0; NaN compares false except with 'ne'. */
export const compareCpuKernel = defineKernel({
  capability: 'vector',
  operation: 'compare',
  form: 'call',
  create: (container) => compareFunction(container.resolve(CpuHostMemory)) as never,
});
