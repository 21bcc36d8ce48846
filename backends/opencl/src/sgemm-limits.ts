/**
 * What the opencl sgemm kernels can index: they take the sizes, leading dimensions and
 * offsets as 32-bit unsigned integers (`uint`), so a call with any of them at 2^32 or above
 * cannot run on them, even though it is a valid call that the cpu backend runs. Pure: reads
 * the parameters only.
 */

/** The largest size, leading dimension or offset the kernels take. */
export const SGEMM_INDEX_MAX = 0xffffffff;

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
    if (typeof value === 'number' && value > SGEMM_INDEX_MAX) {
      return `${field} is ${value}; the OpenCL sgemm kernels index with 32-bit unsigned integers, so sizes, leading dimensions and offsets must be below 2^32`;
    }
  }
  return true;
}
