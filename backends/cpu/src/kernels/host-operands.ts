/**
 * The host arrays behind the operands of a normalised call: a host array as it is, a buffer
 * handle resolved by the plugin instance's {@link CpuHostMemory} (which checks that it is a
 * live buffer of this instance, of the right element type).
 */
import type { Operand } from '@knhk/core';
import { type StridedOperand, denseOperand } from '@knhk/host';
import type { CpuBuffer, CpuHostMemory } from '../host-memory.js';

/** An f32 operand as a host array at its offset and stride. */
export function hostF32(memory: CpuHostMemory, op: string, name: string, o: Operand): StridedOperand<Float32Array> {
  if (o.array instanceof Float32Array) return o as StridedOperand<Float32Array>;
  return { array: memory.f32(op, name, o.array), offset: o.offset, stride: o.stride };
}

/** A u8 operand as a host array at its offset and stride. */
export function hostU8(
  memory: CpuHostMemory,
  op: string,
  name: string,
  o: Operand<Uint8Array>,
): StridedOperand<Uint8Array> {
  if (o.array instanceof Uint8Array) return o as StridedOperand<Uint8Array>;
  return { array: memory.u8(op, name, o.array), offset: o.offset, stride: o.stride };
}

/** Where an operation writes and what it returns. */
export interface HostOutput<A extends Float32Array | Uint8Array> {
  readonly result: unknown;
  readonly target: StridedOperand<A>;
}

/**
 * The output of a call: the one core placed (the caller's `out`, or the dense array core
 * allocated), or, when `a` was a buffer and `out` absent, a new dense buffer of `n` elements.
 */
export function hostOutput<A extends Float32Array | Uint8Array>(
  memory: CpuHostMemory,
  op: string,
  dtype: A extends Float32Array ? 'f32' : 'u8',
  out: Operand<A> | undefined,
  result: unknown,
  n: number,
): HostOutput<A> {
  if (out === undefined) {
    const buffer: CpuBuffer = memory.allocate(op, n, dtype);
    return { result: buffer, target: denseOperand(buffer.array as A) };
  }
  const target = (
    dtype === 'f32'
      ? hostF32(memory, op, 'out', out as Operand<Float32Array>)
      : hostU8(memory, op, 'out', out as Operand<Uint8Array>)
  ) as StridedOperand<A>;
  return { result, target };
}
