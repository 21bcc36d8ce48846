// The f32 dot product, portable C++: products and sum in double.
#include "../kernels.h"

namespace knhk {

double dot_f32_scalar(const float* a, const float* b, size_t n) {
  double s0 = 0.0;
  double s1 = 0.0;
  size_t i = 0;
  for (; i + 2 <= n; i += 2) {
    s0 += static_cast<double>(a[i]) * b[i];
    s1 += static_cast<double>(a[i + 1]) * b[i + 1];
  }
  if (i < n) s0 += static_cast<double>(a[i]) * b[i];
  return s0 + s1;
}

}  // namespace knhk
