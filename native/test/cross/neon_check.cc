// The NEON kernels as aarch64 code, checked against the scalar kernels under qemu-aarch64
// (scripts/neon-qemu.sh): element-wise results bit for bit, dot and sum within rounding,
// min/max/argmax exactly (NaN, signed zeros), and the NEON Teddy's matches equal to the scalar
// Teddy's. Complements the SIMDe emulation test, which runs the same sources through SIMDe.
#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>
#include <vector>

#include "kernels/kernels.h"
#include "kernels/pattern_kernels.h"
#include "pattern/pattern_set.h"

namespace {

using namespace knhk;

int failures = 0;

void check(bool ok, const char* what, size_t n) {
  if (ok) return;
  ++failures;
  std::printf("FAILED: %s (n = %zu)\n", what, n);
}

void check_elementwise(const std::vector<float>& a, const std::vector<float>& b, const std::vector<float>& c) {
  const size_t n = a.size();
  std::vector<float> want(n), got(n);
  using Binary = void (*)(const float*, const float*, float*, size_t);
  const Binary scalar[] = {add_f32_scalar, sub_f32_scalar, mul_f32_scalar, div_f32_scalar};
  const Binary neon[] = {add_f32_neon, sub_f32_neon, mul_f32_neon, div_f32_neon};
  const char* names[] = {"add", "sub", "mul", "div"};
  for (int k = 0; k < 4; ++k) {
    scalar[k](a.data(), b.data(), want.data(), n);
    neon[k](a.data(), b.data(), got.data(), n);
    check(std::memcmp(want.data(), got.data(), n * sizeof(float)) == 0, names[k], n);
  }
  fma_f32_scalar(a.data(), b.data(), c.data(), want.data(), n);
  fma_f32_neon(a.data(), b.data(), c.data(), got.data(), n);
  check(std::memcmp(want.data(), got.data(), n * sizeof(float)) == 0, "fma", n);
}

void check_reductions(std::vector<float> a, const std::vector<float>& b) {
  const size_t n = a.size();
  check(std::fabs(dot_f32_scalar(a.data(), b.data(), n) - dot_f32_neon(a.data(), b.data(), n)) <= 1e-4 * (n + 1), "dot", n);
  check(std::fabs(sum_f32_scalar(a.data(), n) - sum_f32_neon(a.data(), n)) <= 1e-9 * (n + 1), "sum", n);
  if (n == 0) return;
  check(min_f32_scalar(a.data(), n) == min_f32_neon(a.data(), n), "min", n);
  check(max_f32_scalar(a.data(), n) == max_f32_neon(a.data(), n), "max", n);
  check(argmax_f32_scalar(a.data(), n) == argmax_f32_neon(a.data(), n), "argmax", n);
  std::vector<float> zeros(n, 0.0f);
  zeros[n - 1] = -0.0f;
  check(std::signbit(min_f32_neon(zeros.data(), n)) == std::signbit(min_f32_scalar(zeros.data(), n)), "min of zeros", n);
  check(std::signbit(max_f32_neon(zeros.data(), n)) == std::signbit(max_f32_scalar(zeros.data(), n)), "max of zeros", n);
  a[n / 2] = NAN;
  check(std::isnan(min_f32_neon(a.data(), n)) && std::isnan(max_f32_neon(a.data(), n)), "NaN propagates", n);
  check(argmax_f32_neon(a.data(), n) == n / 2, "argmax of NaN", n);
}

bool same_matches(const MatchSink& x, const MatchSink& y) {
  if (x.size() != y.size()) return false;
  for (size_t i = 0; i < x.size(); ++i) {
    if (x.matches()[i].end != y.matches()[i].end || x.matches()[i].id != y.matches()[i].id) return false;
  }
  return true;
}

void check_teddy(std::mt19937& rng) {
  static const PatternKernels scalar = {"scalar", teddy_u8_scalar, prefix_filter_u8_scalar};
  static const PatternKernels neon = {"neon", teddy_u8_neon, prefix_filter_u8_scalar};
  std::vector<uint8_t> data(100000);
  for (auto& byte : data) byte = static_cast<uint8_t>("acgt"[rng() % 4]);
  for (size_t count : {1, 4, 9, 16}) {
    std::vector<std::vector<uint8_t>> patterns;
    for (size_t i = 0; i < count; ++i) {
      const size_t length = 1 + rng() % 8;
      const size_t at = rng() % (data.size() - length);
      patterns.emplace_back(data.begin() + at, data.begin() + at + length);
    }
    const PatternSet with_scalar(patterns, scalar);
    const PatternSet with_neon(patterns, neon);
    MatchSink want, got;
    with_scalar.scan(data.data(), data.size(), 0, want);
    with_neon.scan(data.data(), data.size(), 0, got);
    check(want.size() > 0 && same_matches(want, got), "teddy matches", count);
  }
}

}  // namespace

int main() {
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> uniform(-8, 8);
  for (size_t n : {0, 1, 3, 4, 5, 15, 16, 17, 33, 100, 1000, 4099}) {
    std::vector<float> a(n), b(n), c(n);
    for (size_t i = 0; i < n; ++i) {
      a[i] = uniform(rng);
      b[i] = uniform(rng);
      if (b[i] == 0.0f) b[i] = 0.5f;
      c[i] = uniform(rng);
    }
    check_elementwise(a, b, c);
    check_reductions(a, b);
  }
  check_teddy(rng);
  std::printf("neon under qemu-aarch64: %s (%d failures)\n", failures == 0 ? "ok" : "FAILED", failures);
  return failures == 0 ? 0 : 1;
}
