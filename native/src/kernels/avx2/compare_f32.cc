// Comparison masks with AVX: 8 lanes per vcmpps (ordered predicates, unordered for ne), the
// lane mask expanded to 8 bytes of 0/1 by table; scalar tail.
#include <immintrin.h>

#include "../compare_bits.h"
#include "../kernels.h"

namespace knhk {

namespace {

// `b_at(i)` gives the 8 right-hand lanes from element i; `b_scalar(i)` the tail's element i.
template <int kPredicate, typename LoadB, typename ScalarB>
void compare_loop(const float* a, LoadB b_at, ScalarB b_scalar, uint8_t* out, size_t n, int op) {
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m256 mask = _mm256_cmp_ps(_mm256_loadu_ps(a + i), b_at(i), kPredicate);
    store_mask_bytes(out + i, static_cast<unsigned>(_mm256_movemask_ps(mask)));
  }
  for (; i < n; ++i) out[i] = compare_scalar(a[i], b_scalar(i), op) ? 1 : 0;
}

template <typename LoadB, typename ScalarB>
void compare_any(const float* a, LoadB b_at, ScalarB b_scalar, uint8_t* out, size_t n, int op) {
  switch (op) {
    case kCmpLt:
      return compare_loop<_CMP_LT_OQ>(a, b_at, b_scalar, out, n, op);
    case kCmpLe:
      return compare_loop<_CMP_LE_OQ>(a, b_at, b_scalar, out, n, op);
    case kCmpGt:
      return compare_loop<_CMP_GT_OQ>(a, b_at, b_scalar, out, n, op);
    case kCmpGe:
      return compare_loop<_CMP_GE_OQ>(a, b_at, b_scalar, out, n, op);
    case kCmpEq:
      return compare_loop<_CMP_EQ_OQ>(a, b_at, b_scalar, out, n, op);
    default:
      return compare_loop<_CMP_NEQ_UQ>(a, b_at, b_scalar, out, n, op);
  }
}

}  // namespace

void compare_f32_avx2(const float* a, const float* b, uint8_t* out, size_t n, int op) {
  compare_any(
      a, [b](size_t i) { return _mm256_loadu_ps(b + i); }, [b](size_t i) { return b[i]; }, out, n, op);
}

void compare_scalar_f32_avx2(const float* a, float b, uint8_t* out, size_t n, int op) {
  const __m256 wide = _mm256_set1_ps(b);
  compare_any(
      a, [wide](size_t) { return wide; }, [b](size_t) { return b; }, out, n, op);
}

}  // namespace knhk
