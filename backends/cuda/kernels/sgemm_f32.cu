// The `matmul` family: C = alpha * op(A) * op(B) + beta * C on f32, row-major, with BLAS
// transposes, leading dimensions and element offsets. Each block of 256 threads computes a
// 128 x 128 tile of C; per step it stages a 128 x 8 tile of op(A) (transposed, so the inner
// loop reads it along m) and an 8 x 128 tile of op(B) in shared memory, with float4 loads
// where the tile lies inside the matrix and the rows are 16-byte aligned; each thread holds an
// 8 x 8 block of C in registers (register blocking: 64 fmaf per 16 shared loads). Plain FP32
// with fmaf accumulation; no tensor cores. beta = 0 does not read C; skip_ab (alpha = 0 or
// k = 0) does not read A or B. Grid: (ceil(n / 128), ceil(m / 128)); block: 256.
#include "knhk_portability.cuh"

#define BM 128
#define BN 128
#define BK 8
#define TM 8
#define TN 8
#define THREADS 256

// Four consecutive elements of a row-major matrix (rows x cols, leading dimension ld) from
// (row, col) along the row, zero outside it; one float4 load when `vector` allows it.
__device__ __forceinline__ float4 load_row4(const float* m, size_t ld, unsigned rows, unsigned cols, unsigned row,
                                            unsigned col, bool vector) {
  if (row >= rows) return make_float4(0.0f, 0.0f, 0.0f, 0.0f);
  const float* p = m + static_cast<size_t>(row) * ld + col;
  if (vector && col + 3 < cols) return *reinterpret_cast<const float4*>(p);
  return make_float4(col < cols ? p[0] : 0.0f, col + 1 < cols ? p[1] : 0.0f, col + 2 < cols ? p[2] : 0.0f,
                     col + 3 < cols ? p[3] : 0.0f);
}

KNHK_KERNEL void __launch_bounds__(THREADS)
    sgemm_f32(unsigned m, unsigned n, unsigned k, float alpha, float beta, int trans_a, int trans_b, int skip_ab,
              const float* A, size_t ao, size_t lda, const float* B, size_t bo, size_t ldb, float* C, size_t co,
              size_t ldc) {
  __shared__ float As[BK][BM];
  __shared__ float Bs[BK][BN];
  A += ao;
  B += bo;
  C += co;
  const unsigned tid = threadIdx.x;
  const unsigned row0 = blockIdx.y * BM;
  const unsigned col0 = blockIdx.x * BN;
  const unsigned thread_row = tid / (BN / TN);
  const unsigned thread_col = tid % (BN / TN);
  // float4 loads need 16-byte aligned rows.
  const bool a_vector = ((reinterpret_cast<size_t>(A) & 15) == 0) && (lda % 4 == 0);
  const bool b_vector = ((reinterpret_cast<size_t>(B) & 15) == 0) && (ldb % 4 == 0);

  float acc[TM][TN];
  for (int i = 0; i < TM; ++i)
    for (int j = 0; j < TN; ++j) acc[i][j] = 0.0f;

  const unsigned steps = skip_ab ? 0 : (k + BK - 1) / BK;
  for (unsigned s = 0; s < steps; ++s) {
    const unsigned k0 = s * BK;
    // op(A) tile: rows row0.., columns k0..; stored As[kk][r].
    if (!trans_a) {
      const unsigned r = tid / 2;
      const unsigned c = (tid % 2) * 4;
      const float4 v = load_row4(A, lda, m, k, row0 + r, k0 + c, a_vector);
      As[c + 0][r] = v.x;
      As[c + 1][r] = v.y;
      As[c + 2][r] = v.z;
      As[c + 3][r] = v.w;
    } else {
      // A is k x m in memory: op(A)(r, kk) = A[kk * lda + r].
      const unsigned kk = tid / 32;
      const unsigned r = (tid % 32) * 4;
      const float4 v = load_row4(A, lda, k, m, k0 + kk, row0 + r, a_vector);
      As[kk][r + 0] = v.x;
      As[kk][r + 1] = v.y;
      As[kk][r + 2] = v.z;
      As[kk][r + 3] = v.w;
    }
    // op(B) tile: rows k0.., columns col0..; stored Bs[kk][c].
    if (!trans_b) {
      const unsigned kk = tid / 32;
      const unsigned c = (tid % 32) * 4;
      const float4 v = load_row4(B, ldb, k, n, k0 + kk, col0 + c, b_vector);
      Bs[kk][c + 0] = v.x;
      Bs[kk][c + 1] = v.y;
      Bs[kk][c + 2] = v.z;
      Bs[kk][c + 3] = v.w;
    } else {
      // B is n x k in memory: op(B)(kk, c) = B[c * ldb + kk].
      const unsigned c = tid / 2;
      const unsigned kk = (tid % 2) * 4;
      const float4 v = load_row4(B, ldb, n, k, col0 + c, k0 + kk, b_vector);
      Bs[kk + 0][c] = v.x;
      Bs[kk + 1][c] = v.y;
      Bs[kk + 2][c] = v.z;
      Bs[kk + 3][c] = v.w;
    }
    __syncthreads();
    for (int kk = 0; kk < BK; ++kk) {
      float a_reg[TM];
      float b_reg[TN];
      for (int i = 0; i < TM; ++i) a_reg[i] = As[kk][thread_row * TM + i];
      for (int j = 0; j < TN; ++j) b_reg[j] = Bs[kk][thread_col * TN + j];
      for (int i = 0; i < TM; ++i)
        for (int j = 0; j < TN; ++j) acc[i][j] = fmaf(a_reg[i], b_reg[j], acc[i][j]);
    }
    __syncthreads();
  }

  for (int i = 0; i < TM; ++i) {
    const unsigned row = row0 + thread_row * TM + i;
    if (row >= m) break;
    for (int j = 0; j < TN; ++j) {
      const unsigned col = col0 + thread_col * TN + j;
      if (col >= n) break;
      float* c = C + static_cast<size_t>(row) * ldc + col;
      *c = beta == 0.0f ? alpha * acc[i][j] : alpha * acc[i][j] + beta * *c;
    }
  }
}

// The FP32 FMA peak: each thread runs `iterations` rounds of eight independent fmaf chains
// and writes one sum (so nothing is optimised away): 16 flops per thread per round.
KNHK_KERNEL void fma_peak_f32(unsigned iterations, float seed, float* out) {
  float v[8];
  for (int j = 0; j < 8; ++j) v[j] = seed + static_cast<float>(threadIdx.x + j);
  for (unsigned r = 0; r < iterations; ++r)
    for (int j = 0; j < 8; ++j) v[j] = fmaf(v[j], 0.999999f, 1e-7f);
  float s = 0.0f;
  for (int j = 0; j < 8; ++j) s += v[j];
  out[static_cast<size_t>(blockIdx.x) * blockDim.x + threadIdx.x] = s;
}
