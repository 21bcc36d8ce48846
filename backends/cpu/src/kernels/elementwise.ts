/**
 * The element-wise kernels of the cpu backend (vector.add, sub, mul, div, fma), of the call
 * form: core has checked the call; a dense call runs the plain host loop at once, any other
 * resolves its buffers, copies an input the output partly overlaps, and runs the strided loop.
 * Arithmetic runs in float64 and is stored to float32 (see `@knhk/host`'s vector kernels).
 */
import { type ElementwiseCall, defineKernel } from '@knhk/core';
import {
  type BinaryKernel,
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

/** The general path of add, sub, mul and div: buffers resolved, partly overlapping inputs copied, the strided loop. */
function binaryStrided(memory: CpuHostMemory, op: string, strided: BinaryKernel, call: ElementwiseCall): unknown {
  const n = call.n;
  const x = hostF32(memory, op, 'a', call.a);
  const y = hostF32(memory, op, 'b', call.b);
  const { result, target } = hostOutput<Float32Array>(memory, op, 'f32', call.out, call.result, n);
  strided(n, separateInput(x, n, target), separateInput(y, n, target), target);
  return result;
}

/** The output array of a dense call (core placed it). */
function denseOut(call: ElementwiseCall): Float32Array {
  return (call.out as ElementwiseCall['a']).array as Float32Array;
}

// One closure body per operation, so that each dense call site calls one loop (and V8 inlines it).

/** The kernel function of add over one plugin instance's memory. */
export function addFunction(memory: CpuHostMemory): ElementwiseFunction {
  return (call) => {
    if (!call.dense) return binaryStrided(memory, 'vector.add', addKernel, call);
    addDense(call.n, call.a.array as Float32Array, 0, call.b.array as Float32Array, 0, denseOut(call), 0);
    return call.result;
  };
}

/** The kernel function of sub over one plugin instance's memory. */
export function subFunction(memory: CpuHostMemory): ElementwiseFunction {
  return (call) => {
    if (!call.dense) return binaryStrided(memory, 'vector.sub', subKernel, call);
    subDense(call.n, call.a.array as Float32Array, 0, call.b.array as Float32Array, 0, denseOut(call), 0);
    return call.result;
  };
}

/** The kernel function of mul over one plugin instance's memory. */
export function mulFunction(memory: CpuHostMemory): ElementwiseFunction {
  return (call) => {
    if (!call.dense) return binaryStrided(memory, 'vector.mul', mulKernel, call);
    mulDense(call.n, call.a.array as Float32Array, 0, call.b.array as Float32Array, 0, denseOut(call), 0);
    return call.result;
  };
}

/** The kernel function of div over one plugin instance's memory. */
export function divFunction(memory: CpuHostMemory): ElementwiseFunction {
  return (call) => {
    if (!call.dense) return binaryStrided(memory, 'vector.div', divKernel, call);
    divDense(call.n, call.a.array as Float32Array, 0, call.b.array as Float32Array, 0, denseOut(call), 0);
    return call.result;
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
  create: (container) => addFunction(container.resolve(CpuHostMemory)) as never,
});

/** out[i] = a[i] - b[i] */
export const subCpuKernel = defineKernel({
  capability: 'vector',
  operation: 'sub',
  form: 'call',
  create: (container) => subFunction(container.resolve(CpuHostMemory)) as never,
});

/** out[i] = a[i] * b[i] */
export const mulCpuKernel = defineKernel({
  capability: 'vector',
  operation: 'mul',
  form: 'call',
  create: (container) => mulFunction(container.resolve(CpuHostMemory)) as never,
});

/** out[i] = a[i] / b[i] (IEEE: x/0 is ±Infinity, 0/0 is NaN) */
export const divCpuKernel = defineKernel({
  capability: 'vector',
  operation: 'div',
  form: 'call',
  create: (container) => divFunction(container.resolve(CpuHostMemory)) as never,
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
