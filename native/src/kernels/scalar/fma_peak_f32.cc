// Independent multiply-add chains in portable C++ (the scalar counterpart of the FMA peak
// kernels; it measures what one core reaches without SIMD).
#include "../kernels.h"

namespace knhk {

namespace {

constexpr size_t kChains = 8;

}  // namespace

// Each chain is x = x * 0.999999 + 1e-6: bounded, never subnormal, and each step depends on
// the one before, so the chains expose the latency and throughput of the multiply-add.
float fma_peak_f32_scalar(size_t iterations) {
  float x[kChains];
  for (size_t c = 0; c < kChains; ++c) x[c] = 1.0f + static_cast<float>(c);
  for (size_t i = 0; i < iterations; ++i) {
    for (size_t c = 0; c < kChains; ++c) x[c] = x[c] * 0.999999f + 1e-6f;
  }
  float total = 0.0f;
  for (size_t c = 0; c < kChains; ++c) total += x[c];
  return total;
}

const double kFmaPeakFlopsScalar = 2.0 * kChains;

}  // namespace knhk
