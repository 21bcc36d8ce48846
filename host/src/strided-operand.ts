/**
 * Operands of element-wise operations: a host array with the offset and stride of its first
 * element, and the checks that keep an output from overwriting inputs it has yet to read.
 */
import { type Strided, stridedSpan } from '@knhk/core';

/** A host array read or written from `offset`, every `stride`-th element. */
export interface StridedOperand<A extends Float32Array | Uint8Array = Float32Array> {
  readonly array: A;
  readonly offset: number;
  /** Positive for caller operands; 0 for a scalar repeated over the range. */
  readonly stride: number;
}

/** An operand placed by `strided` (offset and stride checked against the array). */
export function stridedOperand<A extends Float32Array | Uint8Array>(
  op: string,
  name: string,
  array: A,
  strided: Strided | undefined,
): StridedOperand<A> {
  const span = stridedSpan(op, name, array.length, strided);
  return { array, offset: span.offset, stride: span.stride };
}

/** A dense operand over a whole array. */
export function denseOperand<A extends Float32Array | Uint8Array>(array: A): StridedOperand<A> {
  return { array, offset: 0, stride: 1 };
}

function byteSpan(x: StridedOperand<Float32Array | Uint8Array>, n: number): { start: number; end: number } {
  const size = x.array.BYTES_PER_ELEMENT;
  const start = x.array.byteOffset + x.offset * size;
  return { start, end: start + ((n - 1) * x.stride + 1) * size };
}

function sameElements(
  x: StridedOperand<Float32Array | Uint8Array>,
  y: StridedOperand<Float32Array | Uint8Array>,
): boolean {
  return (
    x.array.BYTES_PER_ELEMENT === y.array.BYTES_PER_ELEMENT &&
    x.array.byteOffset + x.offset * x.array.BYTES_PER_ELEMENT ===
      y.array.byteOffset + y.offset * y.array.BYTES_PER_ELEMENT &&
    x.stride === y.stride
  );
}

/** True when the `n` elements of `x` and `y` share memory. */
export function operandsOverlap(
  x: StridedOperand<Float32Array | Uint8Array>,
  y: StridedOperand<Float32Array | Uint8Array>,
  n: number,
): boolean {
  if (n === 0 || x.array.buffer !== y.array.buffer) return false;
  const xs = byteSpan(x, n);
  const ys = byteSpan(y, n);
  return xs.start < ys.end && ys.start < xs.end;
}

/**
 * The input as the operation may read it while writing `out`: the input itself unless `out`
 * overlaps it other than element for element (an in-place operation is safe), in which
 * case a dense copy of its `n` elements.
 */
export function separateInput(
  input: StridedOperand<Float32Array>,
  n: number,
  out: StridedOperand<Float32Array | Uint8Array>,
): StridedOperand<Float32Array> {
  if (input.stride === 0 || !operandsOverlap(input, out, n) || sameElements(input, out)) return input;
  const copy = new Float32Array(n);
  for (let i = 0, j = input.offset; i < n; i++, j += input.stride) copy[i] = input.array[j];
  return denseOperand(copy);
}
