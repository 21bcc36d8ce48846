/**
 * The loops of the element-wise operations. Each has a dense path (every operand at stride
 * 1, unrolled by 4) and a general strided path. Operands are already checked: the loops
 * trust their offsets, strides and `n`.
 *
 * Arithmetic runs in float64 and is stored to float32, which rounds add, sub, mul and div
 * exactly once (float64 holds every product and quotient of two floats well enough for the
 * final rounding to be the correctly rounded float32 result).
 */
import type { CompareOp } from '@knhk/core';
import type { StridedOperand } from './strided-operand.js';

type F32 = StridedOperand<Float32Array>;
type U8 = StridedOperand<Uint8Array>;

/** An element-wise operation of two inputs. */
export type BinaryKernel = (n: number, a: F32, b: F32, out: F32) => void;

// Fixed arity, no rest array: this runs on every call.
function dense(a: F32, b: F32, out: F32 | U8, c?: F32): boolean {
  return a.stride === 1 && b.stride === 1 && out.stride === 1 && (c === undefined || c.stride === 1);
}

/** A dense loop of an element-wise operation: `n` elements of `a` and `b` from offsets `ao`, `bo` into `o` from `oo`. */
export type DenseBinaryLoop = (
  n: number,
  a: Float32Array,
  ao: number,
  b: Float32Array,
  bo: number,
  o: Float32Array,
  oo: number,
) => void;

/** The dense loop of add, unrolled by 4. */
export function addDense(
  n: number,
  a: Float32Array,
  ao: number,
  b: Float32Array,
  bo: number,
  o: Float32Array,
  oo: number,
): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    o[oo + i] = a[ao + i] + b[bo + i];
    o[oo + i + 1] = a[ao + i + 1] + b[bo + i + 1];
    o[oo + i + 2] = a[ao + i + 2] + b[bo + i + 2];
    o[oo + i + 3] = a[ao + i + 3] + b[bo + i + 3];
  }
  for (; i < n; i++) o[oo + i] = a[ao + i] + b[bo + i];
}

/** The dense loop of sub, unrolled by 4. */
export function subDense(
  n: number,
  a: Float32Array,
  ao: number,
  b: Float32Array,
  bo: number,
  o: Float32Array,
  oo: number,
): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    o[oo + i] = a[ao + i] - b[bo + i];
    o[oo + i + 1] = a[ao + i + 1] - b[bo + i + 1];
    o[oo + i + 2] = a[ao + i + 2] - b[bo + i + 2];
    o[oo + i + 3] = a[ao + i + 3] - b[bo + i + 3];
  }
  for (; i < n; i++) o[oo + i] = a[ao + i] - b[bo + i];
}

/** The dense loop of mul, unrolled by 4. */
export function mulDense(
  n: number,
  a: Float32Array,
  ao: number,
  b: Float32Array,
  bo: number,
  o: Float32Array,
  oo: number,
): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    o[oo + i] = a[ao + i] * b[bo + i];
    o[oo + i + 1] = a[ao + i + 1] * b[bo + i + 1];
    o[oo + i + 2] = a[ao + i + 2] * b[bo + i + 2];
    o[oo + i + 3] = a[ao + i + 3] * b[bo + i + 3];
  }
  for (; i < n; i++) o[oo + i] = a[ao + i] * b[bo + i];
}

/** The dense loop of div, unrolled by 4. */
export function divDense(
  n: number,
  a: Float32Array,
  ao: number,
  b: Float32Array,
  bo: number,
  o: Float32Array,
  oo: number,
): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    o[oo + i] = a[ao + i] / b[bo + i];
    o[oo + i + 1] = a[ao + i + 1] / b[bo + i + 1];
    o[oo + i + 2] = a[ao + i + 2] / b[bo + i + 2];
    o[oo + i + 3] = a[ao + i + 3] / b[bo + i + 3];
  }
  for (; i < n; i++) o[oo + i] = a[ao + i] / b[bo + i];
}

/** out = a + b */
export function addKernel(n: number, a: F32, b: F32, out: F32): void {
  if (dense(a, b, out)) return addDense(n, a.array, a.offset, b.array, b.offset, out.array, out.offset);
  const { array: x, stride: xs } = a;
  const { array: y, stride: ys } = b;
  const { array: o, stride: os } = out;
  for (let i = 0, ia = a.offset, ib = b.offset, io = out.offset; i < n; i++, ia += xs, ib += ys, io += os) {
    o[io] = x[ia] + y[ib];
  }
}

/** out = a - b */
export function subKernel(n: number, a: F32, b: F32, out: F32): void {
  if (dense(a, b, out)) return subDense(n, a.array, a.offset, b.array, b.offset, out.array, out.offset);
  const { array: x, stride: xs } = a;
  const { array: y, stride: ys } = b;
  const { array: o, stride: os } = out;
  for (let i = 0, ia = a.offset, ib = b.offset, io = out.offset; i < n; i++, ia += xs, ib += ys, io += os) {
    o[io] = x[ia] - y[ib];
  }
}

/** out = a * b */
export function mulKernel(n: number, a: F32, b: F32, out: F32): void {
  if (dense(a, b, out)) return mulDense(n, a.array, a.offset, b.array, b.offset, out.array, out.offset);
  const { array: x, stride: xs } = a;
  const { array: y, stride: ys } = b;
  const { array: o, stride: os } = out;
  for (let i = 0, ia = a.offset, ib = b.offset, io = out.offset; i < n; i++, ia += xs, ib += ys, io += os) {
    o[io] = x[ia] * y[ib];
  }
}

/** out = a / b */
export function divKernel(n: number, a: F32, b: F32, out: F32): void {
  if (dense(a, b, out)) return divDense(n, a.array, a.offset, b.array, b.offset, out.array, out.offset);
  const { array: x, stride: xs } = a;
  const { array: y, stride: ys } = b;
  const { array: o, stride: os } = out;
  for (let i = 0, ia = a.offset, ib = b.offset, io = out.offset; i < n; i++, ia += xs, ib += ys, io += os) {
    o[io] = x[ia] / y[ib];
  }
}

/** The dense loop of fma over whole arrays from offset 0: o[i] = x[i] * y[i] + z[i], unrolled by 4. */
export function fmaDense(n: number, x: Float32Array, y: Float32Array, z: Float32Array, o: Float32Array): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    o[i] = x[i] * y[i] + z[i];
    o[i + 1] = x[i + 1] * y[i + 1] + z[i + 1];
    o[i + 2] = x[i + 2] * y[i + 2] + z[i + 2];
    o[i + 3] = x[i + 3] * y[i + 3] + z[i + 3];
  }
  for (; i < n; i++) o[i] = x[i] * y[i] + z[i];
}

/**
 * out = a * b + c. The product of two floats is exact in float64, so only the addition and
 * the final store round (a true single rounding in all but rare double-rounding cases).
 */
export function fmaKernel(n: number, a: F32, b: F32, c: F32, out: F32): void {
  const { array: x, stride: xs } = a;
  const { array: y, stride: ys } = b;
  const { array: z, stride: zs } = c;
  const { array: o, stride: os } = out;
  if (dense(a, b, out, c)) {
    const ao = a.offset;
    const bo = b.offset;
    const co = c.offset;
    const oo = out.offset;
    let i = 0;
    for (; i + 4 <= n; i += 4) {
      o[oo + i] = x[ao + i] * y[bo + i] + z[co + i];
      o[oo + i + 1] = x[ao + i + 1] * y[bo + i + 1] + z[co + i + 1];
      o[oo + i + 2] = x[ao + i + 2] * y[bo + i + 2] + z[co + i + 2];
      o[oo + i + 3] = x[ao + i + 3] * y[bo + i + 3] + z[co + i + 3];
    }
    for (; i < n; i++) o[oo + i] = x[ao + i] * y[bo + i] + z[co + i];
    return;
  }
  for (let i = 0, ia = a.offset, ib = b.offset, ic = c.offset, io = out.offset; i < n; i++) {
    o[io] = x[ia] * y[ib] + z[ic];
    ia += xs;
    ib += ys;
    ic += zs;
    io += os;
  }
}

/**
 * Dot product of the first `n` elements (default: all) of two arrays at unit stride, in
 * float64 with four partial sums: the common case, kept lean.
 */
export function dotDense(x: Float32Array, y: Float32Array, n: number = x.length): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    s0 += x[i] * y[i];
    s1 += x[i + 1] * y[i + 1];
    s2 += x[i + 2] * y[i + 2];
    s3 += x[i + 3] * y[i + 3];
  }
  for (; i < n; i++) s0 += x[i] * y[i];
  return s0 + s1 + (s2 + s3);
}

/** Sum of a[i] * b[i], accumulated in float64 with four independent partial sums. */
export function dotKernel(n: number, a: F32, b: F32): number {
  const { array: x, stride: xs } = a;
  const { array: y, stride: ys } = b;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  let ia = a.offset;
  let ib = b.offset;
  for (; i + 4 <= n; i += 4) {
    s0 += x[ia] * y[ib];
    s1 += x[ia + xs] * y[ib + ys];
    s2 += x[ia + 2 * xs] * y[ib + 2 * ys];
    s3 += x[ia + 3 * xs] * y[ib + 3 * ys];
    ia += 4 * xs;
    ib += 4 * ys;
  }
  for (; i < n; i++, ia += xs, ib += ys) s0 += x[ia] * y[ib];
  return s0 + s1 + (s2 + s3);
}

type CompareLoop = (
  n: number,
  x: Float32Array,
  ia: number,
  xs: number,
  y: Float32Array,
  ib: number,
  ys: number,
  o: Uint8Array,
  io: number,
  os: number,
) => void;

// One loop per comparison, so that each compiles to a tight loop with the comparison inline.
const COMPARE_LOOPS: Readonly<Record<CompareOp, CompareLoop>> = {
  lt: (n, x, ia, xs, y, ib, ys, o, io, os) => {
    for (let i = 0; i < n; i++, ia += xs, ib += ys, io += os) o[io] = x[ia] < y[ib] ? 1 : 0;
  },
  le: (n, x, ia, xs, y, ib, ys, o, io, os) => {
    for (let i = 0; i < n; i++, ia += xs, ib += ys, io += os) o[io] = x[ia] <= y[ib] ? 1 : 0;
  },
  gt: (n, x, ia, xs, y, ib, ys, o, io, os) => {
    for (let i = 0; i < n; i++, ia += xs, ib += ys, io += os) o[io] = x[ia] > y[ib] ? 1 : 0;
  },
  ge: (n, x, ia, xs, y, ib, ys, o, io, os) => {
    for (let i = 0; i < n; i++, ia += xs, ib += ys, io += os) o[io] = x[ia] >= y[ib] ? 1 : 0;
  },
  eq: (n, x, ia, xs, y, ib, ys, o, io, os) => {
    for (let i = 0; i < n; i++, ia += xs, ib += ys, io += os) o[io] = x[ia] === y[ib] ? 1 : 0;
  },
  ne: (n, x, ia, xs, y, ib, ys, o, io, os) => {
    for (let i = 0; i < n; i++, ia += xs, ib += ys, io += os) o[io] = x[ia] !== y[ib] ? 1 : 0;
  },
};

// Dense loops from offset 0, one small function per comparison, unrolled by 4 as the element-wise
// loops are: the common small call, without stride arithmetic. Each is small enough for V8 to
// inline where it is called.
function denseLt(n: number, x: Float32Array, y: Float32Array, o: Uint8Array): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    o[i] = x[i] < y[i] ? 1 : 0;
    o[i + 1] = x[i + 1] < y[i + 1] ? 1 : 0;
    o[i + 2] = x[i + 2] < y[i + 2] ? 1 : 0;
    o[i + 3] = x[i + 3] < y[i + 3] ? 1 : 0;
  }
  for (; i < n; i++) o[i] = x[i] < y[i] ? 1 : 0;
}
function denseLe(n: number, x: Float32Array, y: Float32Array, o: Uint8Array): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    o[i] = x[i] <= y[i] ? 1 : 0;
    o[i + 1] = x[i + 1] <= y[i + 1] ? 1 : 0;
    o[i + 2] = x[i + 2] <= y[i + 2] ? 1 : 0;
    o[i + 3] = x[i + 3] <= y[i + 3] ? 1 : 0;
  }
  for (; i < n; i++) o[i] = x[i] <= y[i] ? 1 : 0;
}
function denseGt(n: number, x: Float32Array, y: Float32Array, o: Uint8Array): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    o[i] = x[i] > y[i] ? 1 : 0;
    o[i + 1] = x[i + 1] > y[i + 1] ? 1 : 0;
    o[i + 2] = x[i + 2] > y[i + 2] ? 1 : 0;
    o[i + 3] = x[i + 3] > y[i + 3] ? 1 : 0;
  }
  for (; i < n; i++) o[i] = x[i] > y[i] ? 1 : 0;
}
function denseGe(n: number, x: Float32Array, y: Float32Array, o: Uint8Array): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    o[i] = x[i] >= y[i] ? 1 : 0;
    o[i + 1] = x[i + 1] >= y[i + 1] ? 1 : 0;
    o[i + 2] = x[i + 2] >= y[i + 2] ? 1 : 0;
    o[i + 3] = x[i + 3] >= y[i + 3] ? 1 : 0;
  }
  for (; i < n; i++) o[i] = x[i] >= y[i] ? 1 : 0;
}
function denseEq(n: number, x: Float32Array, y: Float32Array, o: Uint8Array): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    o[i] = x[i] === y[i] ? 1 : 0;
    o[i + 1] = x[i + 1] === y[i + 1] ? 1 : 0;
    o[i + 2] = x[i + 2] === y[i + 2] ? 1 : 0;
    o[i + 3] = x[i + 3] === y[i + 3] ? 1 : 0;
  }
  for (; i < n; i++) o[i] = x[i] === y[i] ? 1 : 0;
}
function denseNe(n: number, x: Float32Array, y: Float32Array, o: Uint8Array): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    o[i] = x[i] !== y[i] ? 1 : 0;
    o[i + 1] = x[i + 1] !== y[i + 1] ? 1 : 0;
    o[i + 2] = x[i + 2] !== y[i + 2] ? 1 : 0;
    o[i + 3] = x[i + 3] !== y[i + 3] ? 1 : 0;
  }
  for (; i < n; i++) o[i] = x[i] !== y[i] ? 1 : 0;
}
function scalarLt(n: number, x: Float32Array, s: number, o: Uint8Array): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    o[i] = x[i] < s ? 1 : 0;
    o[i + 1] = x[i + 1] < s ? 1 : 0;
    o[i + 2] = x[i + 2] < s ? 1 : 0;
    o[i + 3] = x[i + 3] < s ? 1 : 0;
  }
  for (; i < n; i++) o[i] = x[i] < s ? 1 : 0;
}
function scalarLe(n: number, x: Float32Array, s: number, o: Uint8Array): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    o[i] = x[i] <= s ? 1 : 0;
    o[i + 1] = x[i + 1] <= s ? 1 : 0;
    o[i + 2] = x[i + 2] <= s ? 1 : 0;
    o[i + 3] = x[i + 3] <= s ? 1 : 0;
  }
  for (; i < n; i++) o[i] = x[i] <= s ? 1 : 0;
}
function scalarGt(n: number, x: Float32Array, s: number, o: Uint8Array): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    o[i] = x[i] > s ? 1 : 0;
    o[i + 1] = x[i + 1] > s ? 1 : 0;
    o[i + 2] = x[i + 2] > s ? 1 : 0;
    o[i + 3] = x[i + 3] > s ? 1 : 0;
  }
  for (; i < n; i++) o[i] = x[i] > s ? 1 : 0;
}
function scalarGe(n: number, x: Float32Array, s: number, o: Uint8Array): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    o[i] = x[i] >= s ? 1 : 0;
    o[i + 1] = x[i + 1] >= s ? 1 : 0;
    o[i + 2] = x[i + 2] >= s ? 1 : 0;
    o[i + 3] = x[i + 3] >= s ? 1 : 0;
  }
  for (; i < n; i++) o[i] = x[i] >= s ? 1 : 0;
}
function scalarEq(n: number, x: Float32Array, s: number, o: Uint8Array): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    o[i] = x[i] === s ? 1 : 0;
    o[i + 1] = x[i + 1] === s ? 1 : 0;
    o[i + 2] = x[i + 2] === s ? 1 : 0;
    o[i + 3] = x[i + 3] === s ? 1 : 0;
  }
  for (; i < n; i++) o[i] = x[i] === s ? 1 : 0;
}
function scalarNe(n: number, x: Float32Array, s: number, o: Uint8Array): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    o[i] = x[i] !== s ? 1 : 0;
    o[i + 1] = x[i + 1] !== s ? 1 : 0;
    o[i + 2] = x[i + 2] !== s ? 1 : 0;
    o[i + 3] = x[i + 3] !== s ? 1 : 0;
  }
  for (; i < n; i++) o[i] = x[i] !== s ? 1 : 0;
}

const DENSE_COMPARE_LOOPS: Readonly<Record<CompareOp, typeof denseLt>> = Object.freeze({
  lt: denseLt,
  le: denseLe,
  gt: denseGt,
  ge: denseGe,
  eq: denseEq,
  ne: denseNe,
});

const SCALAR_COMPARE_LOOPS: Readonly<Record<CompareOp, typeof scalarLt>> = Object.freeze({
  lt: scalarLt,
  le: scalarLe,
  gt: scalarGt,
  ge: scalarGe,
  eq: scalarEq,
  ne: scalarNe,
});

/** mask[i] = (x[i] op y[i]) ? 1 : 0 over the first `n` elements of each, from offset 0. */
export function compareDense(op: CompareOp, n: number, x: Float32Array, y: Float32Array, o: Uint8Array): void {
  // A lookup and a call: small enough to inline into a kernel, and the call's target (one loop
  // for a caller that uses one comparison) inlines too. Six loops inline in a switch are not.
  DENSE_COMPARE_LOOPS[op](n, x, y, o);
}

/** mask[i] = (x[i] op s) ? 1 : 0 over the first `n` elements, from offset 0; `s` is a float32 value. */
export function compareScalarDense(op: CompareOp, n: number, x: Float32Array, s: number, o: Uint8Array): void {
  // As in compareDense.
  SCALAR_COMPARE_LOOPS[op](n, x, s, o);
}

/** out = (a op b) ? 1 : 0. A scalar `b` is an operand of stride 0. NaN compares false except with 'ne'. */
export function compareKernel(op: CompareOp, n: number, a: F32, b: F32, out: U8): void {
  COMPARE_LOOPS[op](n, a.array, a.offset, a.stride, b.array, b.offset, b.stride, out.array, out.offset, out.stride);
}
