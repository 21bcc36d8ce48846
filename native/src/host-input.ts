/**
 * Turning resolved f32 operands (host arrays or the views of native buffers) into the dense
 * Float32Array windows the kernels take.
 */
import type { Strided } from '@knhk/core';

/** True when any placement has a stride other than 1 (the native kernels take dense operands only). */
export function hasStride(...placements: (Strided | undefined)[]): boolean {
  return placements.some((p) => p?.stride !== undefined && p.stride !== 1);
}

/** The `n` elements of `array` from the placement's offset (stride 1, already checked). */
export function denseWindow(array: Float32Array, placement: Strided | undefined, n: number): Float32Array {
  const offset = placement?.offset ?? 0;
  return offset === 0 && array.length === n ? array : array.subarray(offset, offset + n);
}

/**
 * `input`, or a copy of it when it overlaps `target` without coinciding element for element:
 * the kernels allow exact aliasing only.
 */
export function separateFrom(input: Float32Array, target: Float32Array): Float32Array {
  if (input.buffer !== target.buffer || input.byteOffset === target.byteOffset) return input;
  const inputEnd = input.byteOffset + input.byteLength;
  const targetEnd = target.byteOffset + target.byteLength;
  const overlaps = input.byteOffset < targetEnd && target.byteOffset < inputEnd;
  return overlaps ? input.slice() : input;
}

/** `input`, or a copy of it when it shares any memory with the byte output `target` (a mask). */
export function apartFromBytes(input: Float32Array, target: Uint8Array): Float32Array {
  if (input.buffer !== target.buffer) return input;
  const overlaps =
    input.byteOffset < target.byteOffset + target.byteLength && target.byteOffset < input.byteOffset + input.byteLength;
  return overlaps ? input.slice() : input;
}
