// Reductions over f32, portable C++. NaN propagates; argmax returns the first NaN's index;
// ties go to the first index; min orders -0 below +0 and max +0 above -0.
#include <cmath>

#include "../kernels.h"

namespace knhk {

double sum_f32_scalar(const float* x, size_t n) {
  double s0 = 0.0;
  double s1 = 0.0;
  size_t i = 0;
  for (; i + 2 <= n; i += 2) {
    s0 += x[i];
    s1 += x[i + 1];
  }
  if (i < n) s0 += x[i];
  return s0 + s1;
}

double min_f32_scalar(const float* x, size_t n) {
  float best = x[0];
  for (size_t i = 0; i < n; ++i) {
    const float v = x[i];
    if (v != v) return NAN;
    if (v < best || (v == best && std::signbit(v))) best = v;
  }
  return best;
}

double max_f32_scalar(const float* x, size_t n) {
  float best = x[0];
  for (size_t i = 0; i < n; ++i) {
    const float v = x[i];
    if (v != v) return NAN;
    if (v > best || (v == best && !std::signbit(v))) best = v;
  }
  return best;
}

size_t argmax_f32_scalar(const float* x, size_t n) {
  if (x[0] != x[0]) return 0;
  float best = x[0];
  size_t at = 0;
  for (size_t i = 1; i < n; ++i) {
    const float v = x[i];
    if (v > best) {
      best = v;
      at = i;
    } else if (v != v) {
      return i;
    }
  }
  return at;
}

}  // namespace knhk
