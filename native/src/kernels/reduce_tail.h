// Scalar pieces every ISA's reductions share: the zero-sign fix-up of min and max (SIMD
// min/max do not order -0 below +0) and the first-NaN scan of argmax. Internal linkage
// (static), so each ISA's compilation unit keeps its own copy and no copy built with wider
// instructions can be picked by the linker for another ISA.
#pragma once

#include <cstddef>

namespace knhk {

// min of x when the SIMD pass found 0: -0 if any element is -0, else +0.
static inline double zero_signed_min(const float* x, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if (x[i] == 0.0f && __builtin_signbit(x[i])) return -0.0;
  }
  return 0.0;
}

// max of x when the SIMD pass found 0: +0 if any element is +0, else -0.
static inline double zero_signed_max(const float* x, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if (x[i] == 0.0f && !__builtin_signbit(x[i])) return 0.0;
  }
  return -0.0;
}

// Index of the first NaN in x[0..n); n if there is none.
static inline size_t first_nan(const float* x, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if (x[i] != x[i]) return i;
  }
  return n;
}

}  // namespace knhk
