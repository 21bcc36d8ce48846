/**
 * Plain TypeScript references for the kernel tests, and random inputs.
 */

/** A deterministic pseudo-random Float32Array in [-8, 8), with some exact small integers. */
export function randomF32(n: number, seed: number): Float32Array {
  let state = seed >>> 0 || 1;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = i % 3 === 0 ? (state % 17) - 8 : (state / 2 ** 32) * 16 - 8;
  }
  return out;
}

/** The expected f32 result of an element-wise operation. */
export function elementwise(n: number, f: (i: number) => number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => f(i));
}

/** Sum of a[i] * b[i] in float64, and the sum of their magnitudes (for error bounds). */
export function dotReference(a: Float32Array, b: Float32Array): { readonly value: number; readonly abs: number } {
  let value = 0;
  let abs = 0;
  for (let i = 0; i < a.length; i++) {
    value += a[i] * b[i];
    abs += Math.abs(a[i] * b[i]);
  }
  return { value, abs };
}

/** Index of the first NaN, else of the first largest element. */
export function argmaxReference(x: Float32Array): number {
  let at = 0;
  for (let i = 0; i < x.length; i++) {
    if (Number.isNaN(x[i])) return i;
    if (x[i] > x[at]) at = i;
  }
  return at;
}

/** The sizes the kernel tests cover: empty, every tail length around the 8- and 16-lane widths, and larger. */
export const SIZES = [0, 1, 2, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 1000, 4099];

/** The comparisons in the order of the native predicates, as JavaScript evaluates them. */
export const COMPARISONS: readonly (readonly [name: string, test: (x: number, y: number) => boolean])[] = [
  ['lt', (x, y) => x < y],
  ['le', (x, y) => x <= y],
  ['gt', (x, y) => x > y],
  ['ge', (x, y) => x >= y],
  ['eq', (x, y) => x === y],
  ['ne', (x, y) => x !== y],
];

/** Operands for the comparison checks: ties, NaN on either side, signed zeros and infinities. */
export function comparisonOperands(n: number, seed: number): { readonly a: Float32Array; readonly b: Float32Array } {
  const a = randomF32(n, seed).map((v) => Math.round(v));
  const b = randomF32(n, seed + 1).map((v) => Math.round(v));
  const specials = [NaN, -0, 0, Infinity, -Infinity];
  for (let i = 0; i < n; i += 7) a[i] = specials[i % specials.length];
  for (let i = 3; i < n; i += 11) b[i] = specials[(i + 2) % specials.length];
  return { a, b };
}
