// The sgemm micro-kernel in portable C++: a 4 x 4 tile of f32 accumulators.
#include "../sgemm_tile.h"

namespace knhk {

namespace {

constexpr size_t kMr = 4;
constexpr size_t kNr = 4;

}  // namespace

void sgemm_micro_f32_scalar(size_t kc, const float* a, const float* b, float* c, size_t ldc, float alpha,
                            float beta) {
  float acc[kMr][kNr] = {};
  for (size_t p = 0; p < kc; ++p, a += kMr, b += kNr) {
    for (size_t r = 0; r < kMr; ++r) {
      for (size_t j = 0; j < kNr; ++j) acc[r][j] += a[r] * b[j];
    }
  }
  for (size_t r = 0; r < kMr; ++r) {
    float* row = c + r * ldc;
    for (size_t j = 0; j < kNr; ++j) row[j] = beta == 0.0f ? alpha * acc[r][j] : alpha * acc[r][j] + beta * row[j];
  }
}

const SgemmTile kSgemmTileScalar = {kMr, kNr, 128, 256, 1024, sgemm_micro_f32_scalar};

}  // namespace knhk
