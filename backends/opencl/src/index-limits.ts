/**
 * What the opencl kernels can index: they take sizes, leading dimensions, offsets and
 * strides as 32-bit unsigned integers (`uint`), so a call with any of them at 2^32 or above
 * cannot run on them, even though it is a valid call that the cpu backend runs (a stride of
 * 2^32 + 2 over a one-element range, say). The kernels' `supports` decline such calls, which
 * then run on the next provider; called directly, they are `KNHK_E_CALL_UNSUPPORTED`. Pure:
 * reads the parameters only.
 */

/** The largest size, leading dimension, offset or stride the kernels take. */
export const INDEX_MAX = 0xffffffff;

const INDEXED = ['m', 'n', 'k', 'lda', 'ldb', 'ldc', 'aOffset', 'bOffset', 'cOffset'] as const;

/**
 * `true` when every size, leading dimension and offset of `params` fits the kernels' 32-bit
 * indices (or is not a number: core's checks then give the argument error), else why not.
 */
export function sgemmIndexLimit(params: unknown): true | string {
  if (typeof params !== 'object' || params === null) return true;
  const p = params as Readonly<Record<string, unknown>>;
  for (const field of INDEXED) {
    const value = p[field];
    if (typeof value === 'number' && value > INDEX_MAX) {
      return `${field} is ${value}; the OpenCL sgemm kernels index with 32-bit unsigned integers, so sizes, leading dimensions and offsets must be below 2^32`;
    }
  }
  return true;
}

function placementLimit(name: string, placement: unknown): true | string {
  if (typeof placement !== 'object' || placement === null) return true;
  const p = placement as Readonly<Record<string, unknown>>;
  for (const field of ['offset', 'stride', 'length'] as const) {
    const value = p[field];
    if (typeof value === 'number' && value > INDEX_MAX) {
      return `${name}${field} is ${value}; the OpenCL kernels index with 32-bit unsigned integers, so offsets, strides and lengths must be below 2^32`;
    }
  }
  return true;
}

/** `true` when a vector range (`length`, and each operand's offset and stride) fits 32-bit indices, else why not. */
export function vectorRangeIndexLimit(range: unknown): true | string {
  if (typeof range !== 'object' || range === null) return true;
  const r = range as Readonly<Record<string, unknown>>;
  const whole = placementLimit('range.', { length: r.length });
  if (whole !== true) return whole;
  for (const operand of ['a', 'b', 'c', 'out'] as const) {
    const fits = placementLimit(`range.${operand}.`, r[operand]);
    if (fits !== true) return fits;
  }
  return true;
}

/** `true` when a reduce range (offset, stride, length) fits 32-bit indices, else why not. */
export function reduceRangeIndexLimit(range: unknown): true | string {
  return placementLimit('range.', range);
}
