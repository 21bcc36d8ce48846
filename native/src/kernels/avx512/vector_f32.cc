// Element-wise f32 arithmetic with AVX-512F: 16 lanes per step, the tail under a lane mask.
#include "avx512_intrinsics.h"

#include "../kernels.h"

namespace knhk {

namespace {

__mmask16 tail_mask(size_t rest) { return static_cast<__mmask16>((1u << rest) - 1u); }

}  // namespace

void add_f32_avx512(const float* a, const float* b, float* out, size_t n) {
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    _mm512_storeu_ps(out + i, _mm512_add_ps(_mm512_loadu_ps(a + i), _mm512_loadu_ps(b + i)));
  }
  if (i == n) return;
  const __mmask16 k = tail_mask(n - i);
  _mm512_mask_storeu_ps(out + i, k, _mm512_add_ps(_mm512_maskz_loadu_ps(k, a + i), _mm512_maskz_loadu_ps(k, b + i)));
}

void sub_f32_avx512(const float* a, const float* b, float* out, size_t n) {
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    _mm512_storeu_ps(out + i, _mm512_sub_ps(_mm512_loadu_ps(a + i), _mm512_loadu_ps(b + i)));
  }
  if (i == n) return;
  const __mmask16 k = tail_mask(n - i);
  _mm512_mask_storeu_ps(out + i, k, _mm512_sub_ps(_mm512_maskz_loadu_ps(k, a + i), _mm512_maskz_loadu_ps(k, b + i)));
}

void mul_f32_avx512(const float* a, const float* b, float* out, size_t n) {
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    _mm512_storeu_ps(out + i, _mm512_mul_ps(_mm512_loadu_ps(a + i), _mm512_loadu_ps(b + i)));
  }
  if (i == n) return;
  const __mmask16 k = tail_mask(n - i);
  _mm512_mask_storeu_ps(out + i, k, _mm512_mul_ps(_mm512_maskz_loadu_ps(k, a + i), _mm512_maskz_loadu_ps(k, b + i)));
}

void div_f32_avx512(const float* a, const float* b, float* out, size_t n) {
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    _mm512_storeu_ps(out + i, _mm512_div_ps(_mm512_loadu_ps(a + i), _mm512_loadu_ps(b + i)));
  }
  if (i == n) return;
  // Masked-off lanes compute 0/0; the masked store discards them.
  const __mmask16 k = tail_mask(n - i);
  _mm512_mask_storeu_ps(out + i, k, _mm512_div_ps(_mm512_maskz_loadu_ps(k, a + i), _mm512_maskz_loadu_ps(k, b + i)));
}

void fma_f32_avx512(const float* a, const float* b, const float* c, float* out, size_t n) {
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    const __m512 r = _mm512_fmadd_ps(_mm512_loadu_ps(a + i), _mm512_loadu_ps(b + i), _mm512_loadu_ps(c + i));
    _mm512_storeu_ps(out + i, r);
  }
  if (i == n) return;
  const __mmask16 k = tail_mask(n - i);
  const __m512 r = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(k, a + i), _mm512_maskz_loadu_ps(k, b + i),
                                   _mm512_maskz_loadu_ps(k, c + i));
  _mm512_mask_storeu_ps(out + i, k, r);
}

}  // namespace knhk
