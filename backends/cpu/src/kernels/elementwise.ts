/**
 * The element-wise kernels of the cpu backend (vector.add, sub, mul, div, fma), of the call
 * form: core has checked the call; a dense call runs the plain host loop at once, any other
 * resolves its buffers, copies an input the output partly overlaps, and runs the strided loop.
 * Arithmetic runs in float64 and is stored to float32 (see `@knhk/host`'s vector kernels).
 */
import { type ElementwiseCall, defineKernel } from '@knhk/core';
import {
  type BinaryKernel,
  type DenseBinaryLoop,
  addDense,
  addKernel,
  divDense,
  divKernel,
  fmaDense,
  fmaKernel,
  mulDense,
  mulKernel,
  separateInput,
  subDense,
  subKernel,
} from '@knhk/host';
import { CpuHostMemory } from '../host-memory.js';
import { hostF32, hostOutput } from './host-operands.js';

/** A call-form element-wise kernel function. */
export type ElementwiseFunction = (call: ElementwiseCall) => unknown;

/** The kernel function of add, sub, mul or div over one plugin instance's memory. */
export function binaryFunction(
  op: string,
  denseLoop: DenseBinaryLoop,
  strided: BinaryKernel,
  memory: CpuHostMemory,
): ElementwiseFunction {
  return (call) => {
    const n = call.n;
    if (call.dense) {
      denseLoop(
        n,
        call.a.array as Float32Array,
        0,
        call.b.array as Float32Array,
        0,
        (call.out as ElementwiseCall['a']).array as Float32Array,
        0,
      );
      return call.result;
    }
    const x = hostF32(memory, op, 'a', call.a);
    const y = hostF32(memory, op, 'b', call.b);
    const { result, target } = hostOutput<Float32Array>(memory, op, 'f32', call.out, call.result, n);
    strided(n, separateInput(x, n, target), separateInput(y, n, target), target);
    return result;
  };
}

/** The kernel function of fma over one plugin instance's memory. */
export function fmaFunction(memory: CpuHostMemory): ElementwiseFunction {
  const op = 'vector.fma';
  return (call) => {
    const n = call.n;
    const c = call.c as ElementwiseCall['a'];
    if (call.dense) {
      fmaDense(
        n,
        call.a.array as Float32Array,
        call.b.array as Float32Array,
        c.array as Float32Array,
        (call.out as ElementwiseCall['a']).array as Float32Array,
      );
      return call.result;
    }
    const x = hostF32(memory, op, 'a', call.a);
    const y = hostF32(memory, op, 'b', call.b);
    const z = hostF32(memory, op, 'c', c);
    const { result, target } = hostOutput<Float32Array>(memory, op, 'f32', call.out, call.result, n);
    fmaKernel(n, separateInput(x, n, target), separateInput(y, n, target), separateInput(z, n, target), target);
    return result;
  };
}

/** out[i] = a[i] + b[i] */
export const addCpuKernel = defineKernel({
  capability: 'vector',
  operation: 'add',
  form: 'call',
  create: (container) => binaryFunction('vector.add', addDense, addKernel, container.resolve(CpuHostMemory)) as never,
});

/** out[i] = a[i] - b[i] */
export const subCpuKernel = defineKernel({
  capability: 'vector',
  operation: 'sub',
  form: 'call',
  create: (container) => binaryFunction('vector.sub', subDense, subKernel, container.resolve(CpuHostMemory)) as never,
});

/** out[i] = a[i] * b[i] */
export const mulCpuKernel = defineKernel({
  capability: 'vector',
  operation: 'mul',
  form: 'call',
  create: (container) => binaryFunction('vector.mul', mulDense, mulKernel, container.resolve(CpuHostMemory)) as never,
});

/** out[i] = a[i] / b[i] (IEEE: x/0 is ±Infinity, 0/0 is NaN) */
export const divCpuKernel = defineKernel({
  capability: 'vector',
  operation: 'div',
  form: 'call',
  create: (container) => binaryFunction('vector.div', divDense, divKernel, container.resolve(CpuHostMemory)) as never,
});

/** out[i] = a[i] * b[i] + c[i], in float64 and rounded to float32 on store. */
export const fmaCpuKernel = defineKernel({
  capability: 'vector',
  operation: 'fma',
  form: 'call',
  create: (container) => fmaFunction(container.resolve(CpuHostMemory)) as never,
});

/** The element-wise kernels, in the order of the `vector` capability. */
export const ELEMENTWISE_KERNELS = [addCpuKernel, subCpuKernel, mulCpuKernel, divCpuKernel, fmaCpuKernel] as const;
