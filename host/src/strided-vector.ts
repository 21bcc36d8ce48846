/**
 * The `vector` operations on host arrays at any offset and stride, for a range already
 * checked (core's `checkVectorRange`, `elementCount` and `checkOutput`): what the native
 * backends run for the strides their SIMD kernels do not take. An output that overlaps an
 * input other than element for element reads a copy of that input.
 */
import type { CompareOp, VectorRange } from '@knhk/core';
import { separateInput, stridedOperand } from './strided-operand.js';
import { type BinaryKernel, compareKernel, dotKernel, fmaKernel } from './vector-kernels.js';

/** out[i] = kernel(a[i], b[i]) over `n` elements placed by `range`. */
export function stridedBinary(
  op: string,
  kernel: BinaryKernel,
  n: number,
  a: Float32Array,
  b: Float32Array,
  out: Float32Array,
  range: VectorRange,
): void {
  const target = stridedOperand(op, 'out', out, range.out);
  const sa = separateInput(stridedOperand(op, 'a', a, range.a), n, target);
  const sb = separateInput(stridedOperand(op, 'b', b, range.b), n, target);
  kernel(n, sa, sb, target);
}

/** out[i] = a[i] * b[i] + c[i] in float64, rounded to float32 on store, over `n` elements placed by `range`. */
export function stridedFma(
  op: string,
  n: number,
  a: Float32Array,
  b: Float32Array,
  c: Float32Array,
  out: Float32Array,
  range: VectorRange,
): void {
  const target = stridedOperand(op, 'out', out, range.out);
  const inputs = [
    stridedOperand(op, 'a', a, range.a),
    stridedOperand(op, 'b', b, range.b),
    stridedOperand(op, 'c', c, range.c),
  ];
  const [sa, sb, sc] = inputs.map((input) => separateInput(input, n, target));
  fmaKernel(n, sa, sb, sc, target);
}

/** Sum of a[i] * b[i] in float64 over `n` elements placed by `range`. */
export function stridedDot(op: string, n: number, a: Float32Array, b: Float32Array, range: VectorRange): number {
  return dotKernel(n, stridedOperand(op, 'a', a, range.a), stridedOperand(op, 'b', b, range.b));
}

/**
 * mask[i] = (a[i] op b[i]) ? 1 : 0 over `n` elements placed by `range`. A number `b` is
 * rounded to float32 and `range.b` does not apply to it.
 */
export function stridedCompare(
  op: string,
  compare: CompareOp,
  n: number,
  a: Float32Array,
  b: Float32Array | number,
  mask: Uint8Array,
  range: VectorRange,
): void {
  const target = stridedOperand(op, 'out', mask, range.out);
  const sa = separateInput(stridedOperand(op, 'a', a, range.a), n, target);
  const sb =
    typeof b === 'number'
      ? { array: Float32Array.of(b), offset: 0, stride: 0 }
      : separateInput(stridedOperand(op, 'b', b, range.b), n, target);
  compareKernel(compare, n, sa, sb, target);
}
