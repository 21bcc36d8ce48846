// Element-wise f32 arithmetic, portable C++ (the fall-through of every dispatch).
#include <cmath>

#include "../kernels.h"

namespace knhk {

void add_f32_scalar(const float* a, const float* b, float* out, size_t n) {
  for (size_t i = 0; i < n; ++i) out[i] = a[i] + b[i];
}

void sub_f32_scalar(const float* a, const float* b, float* out, size_t n) {
  for (size_t i = 0; i < n; ++i) out[i] = a[i] - b[i];
}

void mul_f32_scalar(const float* a, const float* b, float* out, size_t n) {
  for (size_t i = 0; i < n; ++i) out[i] = a[i] * b[i];
}

void div_f32_scalar(const float* a, const float* b, float* out, size_t n) {
  for (size_t i = 0; i < n; ++i) out[i] = a[i] / b[i];
}

void fma_f32_scalar(const float* a, const float* b, const float* c, float* out, size_t n) {
  for (size_t i = 0; i < n; ++i) out[i] = std::fma(a[i], b[i], c[i]);
}

}  // namespace knhk
