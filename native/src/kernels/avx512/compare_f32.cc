// Comparison masks with AVX-512F: 16 lanes per vcmpps into an opmask (ordered predicates,
// unordered for ne), expanded to 16 bytes of 0/1 by table; the tail under a lane mask.
#include "../compare_bits.h"
#include "../kernels.h"
#include "avx512_intrinsics.h"

namespace knhk {

namespace {

template <int kPredicate, typename LoadB>
void compare_loop(const float* a, LoadB b_at, uint8_t* out, size_t n) {
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    const unsigned bits = _mm512_cmp_ps_mask(_mm512_loadu_ps(a + i), b_at(i, static_cast<__mmask16>(0xffff)), kPredicate);
    store_mask_bytes(out + i, bits);
    store_mask_bytes(out + i + 8, bits >> 8);
  }
  if (i == n) return;
  const __mmask16 k = static_cast<__mmask16>((1u << (n - i)) - 1u);
  const unsigned bits = _mm512_cmp_ps_mask(_mm512_maskz_loadu_ps(k, a + i), b_at(i, k), kPredicate) & k;
  uint8_t bytes[16];
  store_mask_bytes(bytes, bits);
  store_mask_bytes(bytes + 8, bits >> 8);
  for (size_t j = 0; i + j < n; ++j) out[i + j] = bytes[j];
}

template <typename LoadB>
void compare_any(const float* a, LoadB b_at, uint8_t* out, size_t n, int op) {
  switch (op) {
    case kCmpLt:
      return compare_loop<_CMP_LT_OQ>(a, b_at, out, n);
    case kCmpLe:
      return compare_loop<_CMP_LE_OQ>(a, b_at, out, n);
    case kCmpGt:
      return compare_loop<_CMP_GT_OQ>(a, b_at, out, n);
    case kCmpGe:
      return compare_loop<_CMP_GE_OQ>(a, b_at, out, n);
    case kCmpEq:
      return compare_loop<_CMP_EQ_OQ>(a, b_at, out, n);
    default:
      return compare_loop<_CMP_NEQ_UQ>(a, b_at, out, n);
  }
}

}  // namespace

void compare_f32_avx512(const float* a, const float* b, uint8_t* out, size_t n, int op) {
  compare_any(
      a, [b](size_t i, __mmask16 k) { return _mm512_maskz_loadu_ps(k, b + i); }, out, n, op);
}

void compare_scalar_f32_avx512(const float* a, float b, uint8_t* out, size_t n, int op) {
  const __m512 wide = _mm512_set1_ps(b);
  compare_any(
      a, [wide](size_t, __mmask16) { return wide; }, out, n, op);
}

}  // namespace knhk
