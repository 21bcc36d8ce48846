/**
 * Where a stored matrix lies in its array, and copies of inputs that share memory with the
 * output, so that sgemm kernels (this backend's and the native ones) never read an element
 * they have already written.
 */

/** The element range [start, end) a stored matrix occupies in its array. */
export interface ElementSpan {
  readonly start: number;
  readonly end: number;
}

/** The span of a rows x cols matrix at `offset` with leading dimension `ld`. */
export function matrixSpan(offset: number, rows: number, cols: number, ld: number): ElementSpan {
  return { start: offset, end: rows === 0 || cols === 0 ? offset : offset + (rows - 1) * ld + cols };
}

/** True when the two spans overlap in memory. */
export function sharesMemory(x: Float32Array, xs: ElementSpan, y: Float32Array, ys: ElementSpan): boolean {
  if (x.buffer !== y.buffer || xs.start === xs.end || ys.start === ys.end) return false;
  const xStart = x.byteOffset + xs.start * 4;
  const yStart = y.byteOffset + ys.start * 4;
  return xStart < y.byteOffset + ys.end * 4 && yStart < x.byteOffset + xs.end * 4;
}

/**
 * An input matrix as the kernel may read it while it writes C: the array itself, or when it
 * shares memory with C, a copy of the elements it occupies (then at offset 0).
 */
export function apartFromC(
  input: Float32Array,
  span: ElementSpan,
  c: Float32Array,
  cSpan: ElementSpan,
): { array: Float32Array; offset: number } {
  if (!sharesMemory(input, span, c, cSpan)) return { array: input, offset: span.start };
  return { array: input.slice(span.start, span.end), offset: 0 };
}
