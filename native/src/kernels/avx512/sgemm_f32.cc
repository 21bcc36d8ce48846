// The sgemm micro-kernel with AVX-512F: a 12 x 32 tile in 24 zmm accumulators; per step of
// k two 16-lane loads of B, twelve broadcasts of A and twenty-four FMAs.
#include "../sgemm_tile.h"
#include "avx512_intrinsics.h"

namespace knhk {

namespace {

constexpr size_t kMr = 12;
constexpr size_t kNr = 32;

}  // namespace

void sgemm_micro_f32_avx512(size_t kc, const float* a, const float* b, float* c, size_t ldc, float alpha,
                            float beta) {
  __m512 acc[kMr][2];
#pragma GCC unroll 12
  for (size_t r = 0; r < kMr; ++r) acc[r][0] = acc[r][1] = _mm512_setzero_ps();
  for (size_t p = 0; p < kc; ++p, a += kMr, b += kNr) {
    const __m512 b0 = _mm512_load_ps(b);
    const __m512 b1 = _mm512_load_ps(b + 16);
#pragma GCC unroll 12
    for (size_t r = 0; r < kMr; ++r) {
      const __m512 ar = _mm512_set1_ps(a[r]);
      acc[r][0] = _mm512_fmadd_ps(ar, b0, acc[r][0]);
      acc[r][1] = _mm512_fmadd_ps(ar, b1, acc[r][1]);
    }
  }
  const __m512 va = _mm512_set1_ps(alpha);
  const __m512 vb = _mm512_set1_ps(beta);
#pragma GCC unroll 12
  for (size_t r = 0; r < kMr; ++r) {
    float* row = c + r * ldc;
    __m512 r0 = _mm512_mul_ps(acc[r][0], va);
    __m512 r1 = _mm512_mul_ps(acc[r][1], va);
    if (beta != 0.0f) {
      r0 = _mm512_fmadd_ps(_mm512_loadu_ps(row), vb, r0);
      r1 = _mm512_fmadd_ps(_mm512_loadu_ps(row + 16), vb, r1);
    }
    _mm512_storeu_ps(row, r0);
    _mm512_storeu_ps(row + 16, r1);
  }
}

// kc = 256: a 32 KiB B panel and a 12 KiB A panel (L1 of 48 KiB on recent Intel cores);
// mc = 192: a 192 KiB A block in L2; nc = 2048: a 2 MiB B block in L3.
const SgemmTile kSgemmTileAvx512 = {kMr, kNr, 192, 256, 2048, sgemm_micro_f32_avx512};

}  // namespace knhk
