// The f32 dot product with NEON: four 4-lane f32 accumulators (fused multiply-add), then a
// horizontal reduction in double.
#include "../kernels.h"
#include "neon_intrinsics.h"

namespace knhk {

namespace {

// Sum of the 4 lanes, widened to double first.
double horizontal_sum(float32x4_t v) {
  const float64x2_t s = vaddq_f64(vcvt_f64_f32(vget_low_f32(v)), vcvt_f64_f32(vget_high_f32(v)));
  return vgetq_lane_f64(s, 0) + vgetq_lane_f64(s, 1);
}

}  // namespace

double dot_f32_neon(const float* a, const float* b, size_t n) {
  float32x4_t s0 = vdupq_n_f32(0.0f);
  float32x4_t s1 = vdupq_n_f32(0.0f);
  float32x4_t s2 = vdupq_n_f32(0.0f);
  float32x4_t s3 = vdupq_n_f32(0.0f);
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    s0 = vfmaq_f32(s0, vld1q_f32(a + i), vld1q_f32(b + i));
    s1 = vfmaq_f32(s1, vld1q_f32(a + i + 4), vld1q_f32(b + i + 4));
    s2 = vfmaq_f32(s2, vld1q_f32(a + i + 8), vld1q_f32(b + i + 8));
    s3 = vfmaq_f32(s3, vld1q_f32(a + i + 12), vld1q_f32(b + i + 12));
  }
  for (; i + 4 <= n; i += 4) s0 = vfmaq_f32(s0, vld1q_f32(a + i), vld1q_f32(b + i));
  double total = horizontal_sum(vaddq_f32(vaddq_f32(s0, s1), vaddq_f32(s2, s3)));
  for (; i < n; ++i) total += static_cast<double>(a[i]) * b[i];
  return total;
}

}  // namespace knhk
