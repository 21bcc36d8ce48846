// Reductions over f32 with NEON: sum in double lanes; min, max and argmax with a self-compare
// that flags NaN, then the scalar fix-ups of reduce_tail.h (signed zeros, first NaN).
#include <cmath>

#include "../kernels.h"
#include "../reduce_tail.h"
#include "neon_intrinsics.h"

namespace knhk {

namespace {

// True when any lane of `ordered` (all ones where a lane compared equal to itself) is zero.
bool any_nan(uint32x4_t ordered) { return vminvq_u32(ordered) == 0; }

float lane_max(float32x4_t v) {
  float best = vgetq_lane_f32(v, 0);
  const float rest[3] = {vgetq_lane_f32(v, 1), vgetq_lane_f32(v, 2), vgetq_lane_f32(v, 3)};
  for (float x : rest) best = x > best ? x : best;
  return best;
}

float lane_min(float32x4_t v) {
  float best = vgetq_lane_f32(v, 0);
  const float rest[3] = {vgetq_lane_f32(v, 1), vgetq_lane_f32(v, 2), vgetq_lane_f32(v, 3)};
  for (float x : rest) best = x < best ? x : best;
  return best;
}

// Largest element of x (n >= 1), or NaN when any element is NaN; zero sign not resolved.
float max_or_nan(const float* x, size_t n) {
  float32x4_t m = vdupq_n_f32(x[0]);
  uint32x4_t ordered = vdupq_n_u32(0xffffffffu);
  size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    const float32x4_t v = vld1q_f32(x + i);
    ordered = vandq_u32(ordered, vceqq_f32(v, v));
    m = vmaxq_f32(m, v);
  }
  if (any_nan(ordered)) return NAN;
  float best = lane_max(m);
  for (; i < n; ++i) {
    if (x[i] != x[i]) return NAN;
    if (x[i] > best) best = x[i];
  }
  return best;
}

}  // namespace

double sum_f32_neon(const float* x, size_t n) {
  float64x2_t s0 = vdupq_n_f64(0.0);
  float64x2_t s1 = vdupq_n_f64(0.0);
  size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    const float32x4_t v = vld1q_f32(x + i);
    s0 = vaddq_f64(s0, vcvt_f64_f32(vget_low_f32(v)));
    s1 = vaddq_f64(s1, vcvt_f64_f32(vget_high_f32(v)));
  }
  const float64x2_t s = vaddq_f64(s0, s1);
  double total = vgetq_lane_f64(s, 0) + vgetq_lane_f64(s, 1);
  for (; i < n; ++i) total += x[i];
  return total;
}

double min_f32_neon(const float* x, size_t n) {
  float32x4_t m = vdupq_n_f32(x[0]);
  uint32x4_t ordered = vdupq_n_u32(0xffffffffu);
  size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    const float32x4_t v = vld1q_f32(x + i);
    ordered = vandq_u32(ordered, vceqq_f32(v, v));
    m = vminq_f32(m, v);
  }
  if (any_nan(ordered)) return NAN;
  float best = lane_min(m);
  for (; i < n; ++i) {
    if (x[i] != x[i]) return NAN;
    if (x[i] < best) best = x[i];
  }
  return best == 0.0f ? zero_signed_min(x, n) : best;
}

double max_f32_neon(const float* x, size_t n) {
  const float best = max_or_nan(x, n);
  return best == 0.0f ? zero_signed_max(x, n) : best;
}

size_t argmax_f32_neon(const float* x, size_t n) {
  const float best = max_or_nan(x, n);
  if (best != best) return first_nan(x, n);
  const float32x4_t target = vdupq_n_f32(best);
  size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    if (vmaxvq_u32(vceqq_f32(vld1q_f32(x + i), target)) == 0) continue;
    for (size_t j = i; j < i + 4; ++j) {
      if (x[j] == best) return j;
    }
  }
  for (; i < n; ++i) {
    if (x[i] == best) return i;
  }
  return 0;
}

}  // namespace knhk
