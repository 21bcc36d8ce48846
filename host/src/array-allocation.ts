/**
 * Allocation of host arrays whose size comes from the caller, so that an impossible size is
 * a coded error (`KNHK_E_ARG_RANGE`) and not a crash with a bare RangeError.
 */
import { type BufferDType, KnhkError, checkCount, describeError } from '@knhk/core';

function allocationFailed(op: string, what: string, length: number, error: unknown): KnhkError {
  return new KnhkError(
    'KNHK_E_ARG_RANGE',
    `${op}: cannot allocate ${what} of ${length} elements (${describeError(error)})`,
    { op, what, length },
    { cause: error },
  );
}

/** A zero-filled Float32Array of `length` elements (a non-negative integer). */
export function allocateFloat32(op: string, what: string, length: number): Float32Array {
  checkCount(op, `${what} length`, length);
  try {
    return new Float32Array(length);
  } catch (error) {
    throw allocationFailed(op, what, length, error);
  }
}

/** A zero-filled Float64Array of `length` elements (a non-negative integer). */
export function allocateFloat64(op: string, what: string, length: number): Float64Array {
  checkCount(op, `${what} length`, length);
  try {
    return new Float64Array(length);
  } catch (error) {
    throw allocationFailed(op, what, length, error);
  }
}

/** A zero-filled array of `length` elements of the given element type. */
export function allocateArray(op: string, what: string, length: number, dtype: BufferDType): Float32Array | Uint8Array {
  checkCount(op, `${what} length`, length);
  try {
    return dtype === 'f32' ? new Float32Array(length) : new Uint8Array(length);
  } catch (error) {
    throw allocationFailed(op, what, length, error);
  }
}
