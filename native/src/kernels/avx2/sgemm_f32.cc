// The sgemm micro-kernel with AVX2 and FMA: a 6 x 16 tile in 12 ymm accumulators; per step
// of k two 8-lane loads of B, six broadcasts of A and twelve FMAs.
#include <immintrin.h>

#include "../sgemm_tile.h"

namespace knhk {

namespace {

constexpr size_t kMr = 6;
constexpr size_t kNr = 16;

// c = alpha * acc (+ beta * c unless beta is 0).
inline void store_row(float* c, __m256 acc0, __m256 acc1, __m256 alpha, __m256 beta, bool read_c) {
  __m256 r0 = _mm256_mul_ps(acc0, alpha);
  __m256 r1 = _mm256_mul_ps(acc1, alpha);
  if (read_c) {
    r0 = _mm256_fmadd_ps(_mm256_loadu_ps(c), beta, r0);
    r1 = _mm256_fmadd_ps(_mm256_loadu_ps(c + 8), beta, r1);
  }
  _mm256_storeu_ps(c, r0);
  _mm256_storeu_ps(c + 8, r1);
}

}  // namespace

void sgemm_micro_f32_avx2(size_t kc, const float* a, const float* b, float* c, size_t ldc, float alpha,
                          float beta) {
  __m256 c00 = _mm256_setzero_ps(), c01 = _mm256_setzero_ps(), c10 = _mm256_setzero_ps();
  __m256 c11 = _mm256_setzero_ps(), c20 = _mm256_setzero_ps(), c21 = _mm256_setzero_ps();
  __m256 c30 = _mm256_setzero_ps(), c31 = _mm256_setzero_ps(), c40 = _mm256_setzero_ps();
  __m256 c41 = _mm256_setzero_ps(), c50 = _mm256_setzero_ps(), c51 = _mm256_setzero_ps();
  for (size_t p = 0; p < kc; ++p, a += kMr, b += kNr) {
    const __m256 b0 = _mm256_load_ps(b);
    const __m256 b1 = _mm256_load_ps(b + 8);
    __m256 ar = _mm256_broadcast_ss(a);
    c00 = _mm256_fmadd_ps(ar, b0, c00);
    c01 = _mm256_fmadd_ps(ar, b1, c01);
    ar = _mm256_broadcast_ss(a + 1);
    c10 = _mm256_fmadd_ps(ar, b0, c10);
    c11 = _mm256_fmadd_ps(ar, b1, c11);
    ar = _mm256_broadcast_ss(a + 2);
    c20 = _mm256_fmadd_ps(ar, b0, c20);
    c21 = _mm256_fmadd_ps(ar, b1, c21);
    ar = _mm256_broadcast_ss(a + 3);
    c30 = _mm256_fmadd_ps(ar, b0, c30);
    c31 = _mm256_fmadd_ps(ar, b1, c31);
    ar = _mm256_broadcast_ss(a + 4);
    c40 = _mm256_fmadd_ps(ar, b0, c40);
    c41 = _mm256_fmadd_ps(ar, b1, c41);
    ar = _mm256_broadcast_ss(a + 5);
    c50 = _mm256_fmadd_ps(ar, b0, c50);
    c51 = _mm256_fmadd_ps(ar, b1, c51);
  }
  const __m256 va = _mm256_set1_ps(alpha);
  const __m256 vb = _mm256_set1_ps(beta);
  const bool read_c = beta != 0.0f;
  store_row(c, c00, c01, va, vb, read_c);
  store_row(c + ldc, c10, c11, va, vb, read_c);
  store_row(c + 2 * ldc, c20, c21, va, vb, read_c);
  store_row(c + 3 * ldc, c30, c31, va, vb, read_c);
  store_row(c + 4 * ldc, c40, c41, va, vb, read_c);
  store_row(c + 5 * ldc, c50, c51, va, vb, read_c);
}

// kc = 256: a 16 KiB B panel and a 6 KiB A panel share L1; mc = 144: a 144 KiB A block in
// L2; nc = 2048: a 2 MiB B block in L3.
const SgemmTile kSgemmTileAvx2 = {kMr, kNr, 144, 256, 2048, sgemm_micro_f32_avx2};

}  // namespace knhk
