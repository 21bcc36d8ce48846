/**
 * The OpenCL C kernel of `matmul.sgemm`: C = alpha * op(A) * op(B) + beta * C, row-major, with
 * BLAS transposes, leading dimensions and offsets. Tiled: each 16x16 work-group stages a tile of
 * op(A) and one of op(B) in local memory per step of k and accumulates in float. When beta is 0
 * C is not read; when alpha is 0 or k is 0 (`skipAB`), A and B are not read.
 */
import type { KernelSource } from './kernel-source.js';

/** Edge of the square tiles; the work-group is TILE x TILE. */
export const SGEMM_TILE = 16;

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
`,
};
