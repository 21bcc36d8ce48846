// Reductions over f32 with AVX-512F: sum in double lanes; min, max and argmax with an
// unordered compare mask that flags NaN, then the scalar fix-ups of reduce_tail.h.
#include "avx512_intrinsics.h"

#include <cmath>

#include "../kernels.h"
#include "../reduce_tail.h"

namespace knhk {

namespace {

// Largest element of x (n >= 1), or NaN when any element is NaN; zero sign not resolved.
float max_or_nan(const float* x, size_t n) {
  __m512 m = _mm512_set1_ps(x[0]);
  __mmask16 nan = 0;
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    const __m512 v = _mm512_loadu_ps(x + i);
    nan = static_cast<__mmask16>(nan | _mm512_cmp_ps_mask(v, v, _CMP_UNORD_Q));
    m = _mm512_max_ps(m, v);
  }
  if (nan != 0) return NAN;
  float best = _mm512_reduce_max_ps(m);
  for (; i < n; ++i) {
    if (x[i] != x[i]) return NAN;
    if (x[i] > best) best = x[i];
  }
  return best;
}

}  // namespace

double sum_f32_avx512(const float* x, size_t n) {
  __m512d s0 = _mm512_setzero_pd();
  __m512d s1 = _mm512_setzero_pd();
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    const __m512 v = _mm512_loadu_ps(x + i);
    s0 = _mm512_add_pd(s0, _mm512_cvtps_pd(_mm512_castps512_ps256(v)));
    s1 = _mm512_add_pd(s1, _mm512_cvtps_pd(_mm512_extractf32x8_ps(v, 1)));
  }
  double total = _mm512_reduce_add_pd(_mm512_add_pd(s0, s1));
  for (; i < n; ++i) total += x[i];
  return total;
}

double min_f32_avx512(const float* x, size_t n) {
  __m512 m = _mm512_set1_ps(x[0]);
  __mmask16 nan = 0;
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    const __m512 v = _mm512_loadu_ps(x + i);
    nan = static_cast<__mmask16>(nan | _mm512_cmp_ps_mask(v, v, _CMP_UNORD_Q));
    m = _mm512_min_ps(m, v);
  }
  if (nan != 0) return NAN;
  float best = _mm512_reduce_min_ps(m);
  for (; i < n; ++i) {
    if (x[i] != x[i]) return NAN;
    if (x[i] < best) best = x[i];
  }
  return best == 0.0f ? zero_signed_min(x, n) : best;
}

double max_f32_avx512(const float* x, size_t n) {
  const float best = max_or_nan(x, n);
  return best == 0.0f ? zero_signed_max(x, n) : best;
}

size_t argmax_f32_avx512(const float* x, size_t n) {
  const float best = max_or_nan(x, n);
  if (best != best) return first_nan(x, n);
  const __m512 target = _mm512_set1_ps(best);
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    const unsigned hits = _mm512_cmp_ps_mask(_mm512_loadu_ps(x + i), target, _CMP_EQ_OQ);
    if (hits != 0) return i + static_cast<size_t>(__builtin_ctz(hits));
  }
  for (; i < n; ++i) {
    if (x[i] == best) return i;
  }
  return 0;
}

}  // namespace knhk
