// Comparison masks in portable C++: one 0/1 byte per element.
#include "../compare_bits.h"
#include "../kernels.h"

namespace knhk {

void compare_f32_scalar(const float* a, const float* b, uint8_t* out, size_t n, int op) {
  for (size_t i = 0; i < n; ++i) out[i] = compare_scalar(a[i], b[i], op) ? 1 : 0;
}

void compare_scalar_f32_scalar(const float* a, float b, uint8_t* out, size_t n, int op) {
  for (size_t i = 0; i < n; ++i) out[i] = compare_scalar(a[i], b, op) ? 1 : 0;
}

}  // namespace knhk
