// Element-wise f32 arithmetic with NEON (AArch64 ASIMD): 4 lanes per step, scalar tail.
#include <cmath>

#include "../kernels.h"
#include "neon_intrinsics.h"

namespace knhk {

void add_f32_neon(const float* a, const float* b, float* out, size_t n) {
  size_t i = 0;
  for (; i + 4 <= n; i += 4) vst1q_f32(out + i, vaddq_f32(vld1q_f32(a + i), vld1q_f32(b + i)));
  for (; i < n; ++i) out[i] = a[i] + b[i];
}

void sub_f32_neon(const float* a, const float* b, float* out, size_t n) {
  size_t i = 0;
  for (; i + 4 <= n; i += 4) vst1q_f32(out + i, vsubq_f32(vld1q_f32(a + i), vld1q_f32(b + i)));
  for (; i < n; ++i) out[i] = a[i] - b[i];
}

void mul_f32_neon(const float* a, const float* b, float* out, size_t n) {
  size_t i = 0;
  for (; i + 4 <= n; i += 4) vst1q_f32(out + i, vmulq_f32(vld1q_f32(a + i), vld1q_f32(b + i)));
  for (; i < n; ++i) out[i] = a[i] * b[i];
}

void div_f32_neon(const float* a, const float* b, float* out, size_t n) {
  size_t i = 0;
  for (; i + 4 <= n; i += 4) vst1q_f32(out + i, vdivq_f32(vld1q_f32(a + i), vld1q_f32(b + i)));
  for (; i < n; ++i) out[i] = a[i] / b[i];
}

void fma_f32_neon(const float* a, const float* b, const float* c, float* out, size_t n) {
  size_t i = 0;
  // vfmaq_f32(c, a, b) = c + a * b, rounded once.
  for (; i + 4 <= n; i += 4) vst1q_f32(out + i, vfmaq_f32(vld1q_f32(c + i), vld1q_f32(a + i), vld1q_f32(b + i)));
  for (; i < n; ++i) out[i] = std::fma(a[i], b[i], c[i]);
}

}  // namespace knhk
