/**
 * The blocked single-precision matrix multiply behind `matmul.sgemm` and the MLP.
 *
 * C is computed in blocks of MC x NC. For each block, op(B) is packed KC rows at a time
 * into 4-column panels and op(A) into 4-row panels (float64, contiguous), and a 4x4
 * register-tile micro-kernel accumulates the products in float64. A block's sums are kept
 * in float64 across all of k and written once: C = alpha * sum + beta * C, rounded to
 * float32 on store.
 */
import type { SgemmShape } from '@knhk/core';

const MR = 4;
const NR = 4;
const MC = 128;
const NC = 256;
const KC = 512;

/** Scratch arrays of one multiply, sized for its blocks. */
interface Scratch {
  readonly aPanel: Float64Array;
  readonly bBlock: Float64Array;
  readonly acc: Float64Array;
}

function roundUp(value: number, step: number): number {
  return Math.ceil(value / step) * step;
}

/** Packs rows p0..p0+kc of op(B), columns j0..j0+nc, as 4-column panels: panel q holds [p][c] at q*kc*4 + p*4 + c. */
function packB(
  s: SgemmShape,
  b: Float32Array,
  p0: number,
  kc: number,
  j0: number,
  nc: number,
  out: Float64Array,
): void {
  const { transB, ldb, bOffset } = s;
  const panel = kc * NR;
  if (nc % NR !== 0) out.fill(0, 0, roundUp(nc, NR) * kc);
  if (transB) {
    for (let jj = 0; jj < nc; jj++) {
      const base = (jj >> 2) * panel + (jj & 3);
      const src = bOffset + (j0 + jj) * ldb + p0;
      for (let p = 0; p < kc; p++) out[base + p * NR] = b[src + p];
    }
    return;
  }
  for (let p = 0; p < kc; p++) {
    const src = bOffset + (p0 + p) * ldb + j0;
    const base = p * NR;
    for (let jj = 0; jj < nc; jj++) out[(jj >> 2) * panel + base + (jj & 3)] = b[src + jj];
  }
}

/** Packs rows i0..i0+mr of op(A), columns p0..p0+kc, as one 4-row panel: [p][r] at p*4 + r. */
function packA(
  s: SgemmShape,
  a: Float32Array,
  i0: number,
  mr: number,
  p0: number,
  kc: number,
  out: Float64Array,
): void {
  const { transA, lda, aOffset } = s;
  if (mr < MR) out.fill(0, 0, kc * MR);
  for (let r = 0; r < mr; r++) {
    const i = i0 + r;
    if (transA) {
      let src = aOffset + p0 * lda + i;
      for (let p = 0; p < kc; p++, src += lda) out[p * MR + r] = a[src];
    } else {
      const src = aOffset + i * lda + p0;
      for (let p = 0; p < kc; p++) out[p * MR + r] = a[src + p];
    }
  }
}

// prettier-ignore
/** acc[4x4 tile at accAt, row stride accStride] += aPanel (kc x 4)^T * bBlock panel at bAt (kc x 4). */
function microKernel(
  kc: number, ap: Float64Array, bp: Float64Array, bAt: number, acc: Float64Array, accAt: number, accStride: number,
): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  for (let p = 0, ai = 0, bi = bAt; p < kc; p++, ai += MR, bi += NR) {
    const a0 = ap[ai], a1 = ap[ai + 1], a2 = ap[ai + 2], a3 = ap[ai + 3];
    const b0 = bp[bi], b1 = bp[bi + 1], b2 = bp[bi + 2], b3 = bp[bi + 3];
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
    c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
    c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
  }
  let o = accAt;
  acc[o] += c00; acc[o + 1] += c01; acc[o + 2] += c02; acc[o + 3] += c03;
  o += accStride;
  acc[o] += c10; acc[o + 1] += c11; acc[o + 2] += c12; acc[o + 3] += c13;
  o += accStride;
  acc[o] += c20; acc[o + 1] += c21; acc[o + 2] += c22; acc[o + 3] += c23;
  o += accStride;
  acc[o] += c30; acc[o + 1] += c31; acc[o + 2] += c32; acc[o + 3] += c33;
}

/** Writes C[i0.., j0..] (mc x nc) = alpha * acc + beta * C; C is not read when beta is 0. */
function storeBlock(
  s: SgemmShape,
  c: Float32Array,
  i0: number,
  mc: number,
  j0: number,
  nc: number,
  acc: Float64Array,
): void {
  const { alpha, beta, ldc, cOffset } = s;
  const accStride = roundUp(nc, NR);
  for (let r = 0; r < mc; r++) {
    const row = cOffset + (i0 + r) * ldc + j0;
    const at = r * accStride;
    if (beta === 0) {
      for (let q = 0; q < nc; q++) c[row + q] = alpha * acc[at + q];
    } else {
      for (let q = 0; q < nc; q++) c[row + q] = alpha * acc[at + q] + beta * c[row + q];
    }
  }
}

/** Accumulates op(A)[i0..i0+mc, :] * op(B)[:, j0..j0+nc] over all of k into `acc`. */
function multiplyBlock(
  s: SgemmShape,
  a: Float32Array,
  b: Float32Array,
  i0: number,
  mc: number,
  j0: number,
  nc: number,
  scratch: Scratch,
): void {
  const { aPanel, bBlock, acc } = scratch;
  const accStride = roundUp(nc, NR);
  acc.fill(0, 0, roundUp(mc, MR) * accStride);
  for (let p0 = 0; p0 < s.k; p0 += KC) {
    const kc = Math.min(KC, s.k - p0);
    packB(s, b, p0, kc, j0, nc, bBlock);
    for (let ir = 0; ir < mc; ir += MR) {
      packA(s, a, i0 + ir, Math.min(MR, mc - ir), p0, kc, aPanel);
      for (let jj = 0; jj < nc; jj += NR) microKernel(kc, aPanel, bBlock, jj * kc, acc, ir * accStride + jj, accStride);
    }
  }
}

/** C = beta * C over the m x n matrix (C is not read when beta is 0). */
function scaleC(s: SgemmShape, c: Float32Array): void {
  const { m, n, beta, ldc, cOffset } = s;
  if (beta === 1) return;
  for (let i = 0; i < m; i++) {
    const row = cOffset + i * ldc;
    if (beta === 0) c.fill(0, row, row + n);
    else for (let j = 0; j < n; j++) c[row + j] *= beta;
  }
}

/**
 * C = alpha * op(A) * op(B) + beta * C for a checked shape (see `sgemmShape`). A and B must
 * not share memory with C. When alpha or k is 0, A and B are not read.
 */
export function gemm(s: SgemmShape, a: Float32Array, b: Float32Array, c: Float32Array): void {
  if (s.m === 0 || s.n === 0) return;
  if (s.alpha === 0 || s.k === 0) return scaleC(s, c);
  const kcMax = Math.min(KC, s.k);
  const ncMax = Math.min(NC, roundUp(s.n, NR));
  const scratch: Scratch = {
    aPanel: new Float64Array(kcMax * MR),
    bBlock: new Float64Array(kcMax * ncMax),
    acc: new Float64Array(Math.min(MC, roundUp(s.m, MR)) * ncMax),
  };
  for (let j0 = 0; j0 < s.n; j0 += NC) {
    const nc = Math.min(NC, s.n - j0);
    for (let i0 = 0; i0 < s.m; i0 += MC) {
      const mc = Math.min(MC, s.m - i0);
      multiplyBlock(s, a, b, i0, mc, j0, nc, scratch);
      storeBlock(s, c, i0, mc, j0, nc, scratch.acc);
    }
  }
}

/** The shape of a multiply of dense row-major matrices at offset 0 (the MLP's own calls). */
export function denseShape(
  m: number,
  n: number,
  k: number,
  options: {
    readonly transA?: boolean;
    readonly transB?: boolean;
    readonly alpha?: number;
    readonly beta?: number;
  } = {},
): SgemmShape {
  const transA = options.transA === true;
  const transB = options.transB === true;
  return {
    m,
    n,
    k,
    alpha: options.alpha ?? 1,
    beta: options.beta ?? 0,
    transA,
    transB,
    lda: Math.max(1, transA ? m : k),
    ldb: Math.max(1, transB ? k : n),
    ldc: Math.max(1, n),
    aOffset: 0,
    bOffset: 0,
    cOffset: 0,
  };
}
