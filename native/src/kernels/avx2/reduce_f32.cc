// Reductions over f32 with AVX2: sum in double lanes; min, max and argmax with an unordered
// compare that flags NaN, then the scalar fix-ups of reduce_tail.h.
#include <immintrin.h>

#include <cmath>

#include "../kernels.h"
#include "../reduce_tail.h"

namespace knhk {

namespace {

double horizontal_sum(__m256d v) {
  const __m128d pair = _mm_add_pd(_mm256_castpd256_pd128(v), _mm256_extractf128_pd(v, 1));
  return _mm_cvtsd_f64(_mm_add_sd(pair, _mm_unpackhi_pd(pair, pair)));
}

float lane(__m256 v, int i) {
  alignas(32) float lanes[8];
  _mm256_store_ps(lanes, v);
  return lanes[i];
}

bool any_nan(__m256 v) { return _mm256_movemask_ps(_mm256_cmp_ps(v, v, _CMP_UNORD_Q)) != 0; }

// Largest element of x (n >= 1), or NaN when any element is NaN; zero sign not resolved.
float max_or_nan(const float* x, size_t n) {
  __m256 m = _mm256_set1_ps(x[0]);
  __m256 nan = _mm256_setzero_ps();
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m256 v = _mm256_loadu_ps(x + i);
    nan = _mm256_or_ps(nan, _mm256_cmp_ps(v, v, _CMP_UNORD_Q));
    m = _mm256_max_ps(m, v);
  }
  if (_mm256_movemask_ps(nan) != 0) return NAN;
  float best = lane(m, 0);
  for (int k = 1; k < 8; ++k) best = lane(m, k) > best ? lane(m, k) : best;
  for (; i < n; ++i) {
    if (x[i] != x[i]) return NAN;
    if (x[i] > best) best = x[i];
  }
  return best;
}

}  // namespace

double sum_f32_avx2(const float* x, size_t n) {
  __m256d s0 = _mm256_setzero_pd();
  __m256d s1 = _mm256_setzero_pd();
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m256 v = _mm256_loadu_ps(x + i);
    s0 = _mm256_add_pd(s0, _mm256_cvtps_pd(_mm256_castps256_ps128(v)));
    s1 = _mm256_add_pd(s1, _mm256_cvtps_pd(_mm256_extractf128_ps(v, 1)));
  }
  double total = horizontal_sum(_mm256_add_pd(s0, s1));
  for (; i < n; ++i) total += x[i];
  return total;
}

double min_f32_avx2(const float* x, size_t n) {
  __m256 m = _mm256_set1_ps(x[0]);
  __m256 nan = _mm256_setzero_ps();
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m256 v = _mm256_loadu_ps(x + i);
    nan = _mm256_or_ps(nan, _mm256_cmp_ps(v, v, _CMP_UNORD_Q));
    m = _mm256_min_ps(m, v);
  }
  if (any_nan(nan)) return NAN;
  float best = lane(m, 0);
  for (int k = 1; k < 8; ++k) best = lane(m, k) < best ? lane(m, k) : best;
  for (; i < n; ++i) {
    if (x[i] != x[i]) return NAN;
    if (x[i] < best) best = x[i];
  }
  return best == 0.0f ? zero_signed_min(x, n) : best;
}

double max_f32_avx2(const float* x, size_t n) {
  const float best = max_or_nan(x, n);
  return best == 0.0f ? zero_signed_max(x, n) : best;
}

size_t argmax_f32_avx2(const float* x, size_t n) {
  const float best = max_or_nan(x, n);
  if (best != best) return first_nan(x, n);
  const __m256 target = _mm256_set1_ps(best);
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const int hits = _mm256_movemask_ps(_mm256_cmp_ps(_mm256_loadu_ps(x + i), target, _CMP_EQ_OQ));
    if (hits != 0) return i + static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(hits)));
  }
  for (; i < n; ++i) {
    if (x[i] == best) return i;
  }
  return 0;
}

}  // namespace knhk
