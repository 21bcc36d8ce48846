/**
 * The OpenCL C kernel of `matmul.sgemm`: C = alpha * op(A) * op(B) + beta * C, row-major, with
 * BLAS transposes, leading dimensions and offsets, in two kernels: `sgemm_f32`, where each work-item
 * of a 16x16 work-group computes one element of C from 16x16 tiles of op(A) and op(B) staged in
 * local memory, and `sgemm_f32_blocked` for larger matrices, where each work-item computes a 4x4
 * block of a 64x64 tile of C from 64x16 and 16x64 tiles (register blocking: 16 products per 8
 * local loads). Both accumulate in float. When beta is 0 C is not read; when alpha is 0 or k is
 * 0 (`skipAB`), A and B are not read.
 */
import type { KernelSource } from './kernel-source.js';

/** Edge of the square tiles of the simple kernel; its work-group is TILE x TILE. */
export const SGEMM_TILE = 16;
/** Edge of the C tile of the blocked kernel; each of its 16 x 16 work-items computes 4 x 4 outputs. */
export const SGEMM_BLOCK = 64;
/** Work-group edge of the blocked kernel. */
export const SGEMM_BLOCK_GROUP = 16;

/** The `matmul` program. */
export const SGEMM_PROGRAM: KernelSource = {
  name: 'matmul',
  source: `
#define TILE ${SGEMM_TILE}

kernel void sgemm_f32(uint m, uint n, uint k, float alpha, float beta, uint transA, uint transB, uint skipAB,
                      global const float* A, uint ao, uint lda, global const float* B, uint bo, uint ldb,
                      global float* C, uint co, uint ldc) {
  local float tileA[TILE][TILE];
  local float tileB[TILE][TILE + 1];
  const uint col = get_global_id(0);
  const uint row = get_global_id(1);
  const uint lc = get_local_id(0);
  const uint lr = get_local_id(1);
  float acc = 0.0f;
  const uint steps = skipAB ? 0 : (k + TILE - 1) / TILE;
  for (uint s = 0; s < steps; s++) {
    const uint ak = s * TILE + lc;
    const uint bk = s * TILE + lr;
    float av = 0.0f;
    float bv = 0.0f;
    if (row < m && ak < k) av = transA ? A[ao + (size_t)ak * lda + row] : A[ao + (size_t)row * lda + ak];
    if (col < n && bk < k) bv = transB ? B[bo + (size_t)col * ldb + bk] : B[bo + (size_t)bk * ldb + col];
    tileA[lr][lc] = av;
    tileB[lr][lc] = bv;
    barrier(CLK_LOCAL_MEM_FENCE);
    const uint depth = min((uint)TILE, k - s * TILE);
    for (uint p = 0; p < depth; p++) acc += tileA[lr][p] * tileB[p][lc];
    barrier(CLK_LOCAL_MEM_FENCE);
  }
  if (row < m && col < n) {
    const size_t at = co + (size_t)row * ldc + col;
    const float product = skipAB ? 0.0f : alpha * acc;
    C[at] = beta == 0.0f ? product : product + beta * C[at];
  }
}

#define BLOCK ${SGEMM_BLOCK}
#define GROUP ${SGEMM_BLOCK_GROUP}
#define PER (BLOCK / GROUP)
#define DEPTH 16

kernel __attribute__((reqd_work_group_size(GROUP, GROUP, 1)))
void sgemm_f32_blocked(uint m, uint n, uint k, float alpha, float beta, uint transA, uint transB, uint skipAB,
                       global const float* A, uint ao, uint lda, global const float* B, uint bo, uint ldb,
                       global float* C, uint co, uint ldc) {
  local float tileA[DEPTH][BLOCK];
  local float tileB[DEPTH][BLOCK];
  const uint lc = get_local_id(0);
  const uint lr = get_local_id(1);
  const uint col0 = get_group_id(0) * BLOCK;
  const uint row0 = get_group_id(1) * BLOCK;
  float acc[PER][PER];
  for (uint i = 0; i < PER; i++)
    for (uint j = 0; j < PER; j++) acc[i][j] = 0.0f;
  const uint steps = skipAB ? 0 : (k + DEPTH - 1) / DEPTH;
  for (uint s = 0; s < steps; s++) {
    const uint k0 = s * DEPTH;
    for (uint l = lr * GROUP + lc; l < DEPTH * BLOCK; l += GROUP * GROUP) {
      /* Neighbouring work-items load neighbouring elements of memory. */
      const uint ap = transA ? l / BLOCK : l % DEPTH;
      const uint ar = transA ? l % BLOCK : l / DEPTH;
      const uint gr = row0 + ar;
      const uint ak = k0 + ap;
      float av = 0.0f;
      if (gr < m && ak < k) av = transA ? A[ao + (size_t)ak * lda + gr] : A[ao + (size_t)gr * lda + ak];
      tileA[ap][ar] = av;
      const uint bp = transB ? l % DEPTH : l / BLOCK;
      const uint bc = transB ? l / DEPTH : l % BLOCK;
      const uint gc = col0 + bc;
      const uint bk = k0 + bp;
      float bv = 0.0f;
      if (gc < n && bk < k) bv = transB ? B[bo + (size_t)gc * ldb + bk] : B[bo + (size_t)bk * ldb + gc];
      tileB[bp][bc] = bv;
    }
    barrier(CLK_LOCAL_MEM_FENCE);
    for (uint p = 0; p < DEPTH; p++) {
      float a[PER];
      float b[PER];
      for (uint w = 0; w < PER; w++) {
        a[w] = tileA[p][lr + w * GROUP];
        b[w] = tileB[p][lc + w * GROUP];
      }
      for (uint i = 0; i < PER; i++)
        for (uint j = 0; j < PER; j++) acc[i][j] += a[i] * b[j];
    }
    barrier(CLK_LOCAL_MEM_FENCE);
  }
  for (uint i = 0; i < PER; i++) {
    const uint row = row0 + lr + i * GROUP;
    for (uint j = 0; j < PER; j++) {
      const uint col = col0 + lc + j * GROUP;
      if (row < m && col < n) {
        const size_t at = co + (size_t)row * ldc + col;
        const float product = skipAB ? 0.0f : alpha * acc[i][j];
        C[at] = beta == 0.0f ? product : product + beta * C[at];
      }
    }
  }
}
`,
};
