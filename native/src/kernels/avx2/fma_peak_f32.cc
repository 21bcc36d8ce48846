// The single-core FMA peak with AVX2: twelve independent 8-lane FMA chains, enough to cover
// the FMA latency times the FMA ports of current x86 cores (4 cycles x 2 ports).
#include <immintrin.h>

#include "../kernels.h"

namespace knhk {

namespace {

constexpr size_t kChains = 12;
constexpr size_t kLanes = 8;

}  // namespace

float fma_peak_f32_avx2(size_t iterations) {
  const __m256 scale = _mm256_set1_ps(0.999999f);
  const __m256 step = _mm256_set1_ps(1e-6f);
  __m256 x[kChains];
#pragma GCC unroll 12
  for (size_t c = 0; c < kChains; ++c) x[c] = _mm256_set1_ps(1.0f + static_cast<float>(c));
  for (size_t i = 0; i < iterations; ++i) {
#pragma GCC unroll 12
    for (size_t c = 0; c < kChains; ++c) x[c] = _mm256_fmadd_ps(x[c], scale, step);
  }
  __m256 sum = x[0];
  for (size_t c = 1; c < kChains; ++c) sum = _mm256_add_ps(sum, x[c]);
  alignas(32) float lanes[kLanes];
  _mm256_store_ps(lanes, sum);
  float total = 0.0f;
  for (float v : lanes) total += v;
  return total;
}

const double kFmaPeakFlopsAvx2 = 2.0 * kChains * kLanes;

}  // namespace knhk
