/**
 * Turning operands into the dense Float32Array windows the kernels take. This part takes
 * host Float32Arrays only: a knhk buffer handle of any provider is `KNHK_E_BUFFER_FOREIGN`.
 */
import { KnhkError, type Strided, checkFloat32Array, isHandle } from '@knhk/core';

/** The Float32Array of an f32 operand; `KNHK_E_BUFFER_FOREIGN` for a buffer handle, else `KNHK_E_ARG_TYPE`. */
export function f32Input(op: string, name: string, value: unknown, provider: string): Float32Array {
  if (value instanceof Float32Array) return value;
  rejectHandle(op, name, value, provider);
  return checkFloat32Array(op, name, value);
}

/** `KNHK_E_BUFFER_FOREIGN` when `value` is a knhk handle: this part takes host arrays only. */
export function rejectHandle(op: string, name: string, value: unknown, provider: string): void {
  if (!isHandle(value)) return;
  throw new KnhkError(
    'KNHK_E_BUFFER_FOREIGN',
    `${op}: ${name} is a ${value.kind} of provider "${value.provider}"; the ${provider} backend takes host arrays only`,
    { op, name, provider: value.provider },
  );
}

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
