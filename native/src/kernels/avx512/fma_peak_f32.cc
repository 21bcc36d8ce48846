// The single-core FMA peak with AVX-512F: sixteen independent 16-lane FMA chains (4 cycles
// of latency x 2 FMA ports, with room to spare).
#include "../kernels.h"
#include "avx512_intrinsics.h"

namespace knhk {

namespace {

constexpr size_t kChains = 16;
constexpr size_t kLanes = 16;

}  // namespace

float fma_peak_f32_avx512(size_t iterations) {
  const __m512 scale = _mm512_set1_ps(0.999999f);
  const __m512 step = _mm512_set1_ps(1e-6f);
  __m512 x[kChains];
#pragma GCC unroll 16
  for (size_t c = 0; c < kChains; ++c) x[c] = _mm512_set1_ps(1.0f + static_cast<float>(c));
  for (size_t i = 0; i < iterations; ++i) {
#pragma GCC unroll 16
    for (size_t c = 0; c < kChains; ++c) x[c] = _mm512_fmadd_ps(x[c], scale, step);
  }
  __m512 sum = x[0];
  for (size_t c = 1; c < kChains; ++c) sum = _mm512_add_ps(sum, x[c]);
  return _mm512_reduce_add_ps(sum);
}

const double kFmaPeakFlopsAvx512 = 2.0 * kChains * kLanes;

}  // namespace knhk
