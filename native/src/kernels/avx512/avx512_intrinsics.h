// The AVX-512 intrinsics the avx512 kernels use: the compiler's own (<immintrin.h>, built
// with -mavx512f -mavx512bw -mavx512vl -mavx512dq), or, in the test-only emulation build
// (native/emulation, KNHK_AVX512_EMULATION), SIMDe's portable implementations of the same
// intrinsics, so that the very same kernel sources can be checked on CPUs without AVX-512.
// The emulation build is never loaded by the backends.
#pragma once

#if defined(KNHK_AVX512_EMULATION)
#define SIMDE_ENABLE_NATIVE_ALIASES
#include <simde/x86/avx512.h>

#include <cmath>
#include <cstdint>

// EMULATION ONLY. The SIMDe of Debian 12 (0.7.4) lacks the mask type's alias, the masked f32
// loads and stores, f32 -> f64 widening of 8 lanes, the 256-bit f32 extract and the
// horizontal reductions; these lane-by-lane versions follow Intel's intrinsics guide
// (masked-off lanes are zero / not written; reductions combine lanes pairwise, and max/min
// take the second operand on NaN or equal zeros as maxps/minps do; the kernels settle NaN
// and signed zeros themselves, see reduce_tail.h).
#if !defined(__mmask16)
typedef simde__mmask16 __mmask16;
#endif

inline simde__m512 knhk_emulated_maskz_loadu_ps(simde__mmask16 k, const float* p) {
  float lanes[16];
  for (int i = 0; i < 16; ++i) lanes[i] = ((k >> i) & 1) != 0 ? p[i] : 0.0f;
  return simde_mm512_loadu_ps(lanes);
}

inline void knhk_emulated_mask_storeu_ps(float* p, simde__mmask16 k, simde__m512 v) {
  float lanes[16];
  simde_mm512_storeu_ps(lanes, v);
  for (int i = 0; i < 16; ++i) {
    if (((k >> i) & 1) != 0) p[i] = lanes[i];
  }
}

inline simde__m512d knhk_emulated_cvtps_pd(simde__m256 v) {
  float in[8];
  double out[8];
  simde_mm256_storeu_ps(in, v);
  for (int i = 0; i < 8; ++i) out[i] = static_cast<double>(in[i]);
  return simde_mm512_loadu_pd(out);
}

inline simde__m256 knhk_emulated_extractf32x8_ps(simde__m512 v, int upper) {
  float lanes[16];
  simde_mm512_storeu_ps(lanes, v);
  return simde_mm256_loadu_ps(lanes + (upper != 0 ? 8 : 0));
}

// A pairwise tree over the lanes: op(lower half, upper half), then quarters, and so on.
template <typename T, int N, typename Op>
T knhk_emulated_reduce_tree(T* lanes, Op op) {
  for (int width = N / 2; width >= 1; width /= 2) {
    for (int i = 0; i < width; ++i) lanes[i] = op(lanes[i], lanes[i + width]);
  }
  return lanes[0];
}

inline double knhk_emulated_reduce_add_pd(simde__m512d v) {
  double lanes[8];
  simde_mm512_storeu_pd(lanes, v);
  return knhk_emulated_reduce_tree<double, 8>(lanes, [](double a, double b) { return a + b; });
}

inline float knhk_emulated_reduce_add_ps(simde__m512 v) {
  float lanes[16];
  simde_mm512_storeu_ps(lanes, v);
  return knhk_emulated_reduce_tree<float, 16>(lanes, [](float a, float b) { return a + b; });
}

// maxps / minps: the second operand when either is NaN or both are zero.
inline float knhk_emulated_reduce_max_ps(simde__m512 v) {
  float lanes[16];
  simde_mm512_storeu_ps(lanes, v);
  return knhk_emulated_reduce_tree<float, 16>(lanes, [](float a, float b) { return a > b ? a : b; });
}

inline float knhk_emulated_reduce_min_ps(simde__m512 v) {
  float lanes[16];
  simde_mm512_storeu_ps(lanes, v);
  return knhk_emulated_reduce_tree<float, 16>(lanes, [](float a, float b) { return a < b ? a : b; });
}

// SIMDe 0.7.4 computes _mm512_fmadd_ps without FMA hardware as a * b + c, rounded twice; the
// instruction rounds once, and the kernels' results depend on it (vector.fma is exact to
// one rounding). The emulation uses std::fma per lane instead.
inline simde__m512 knhk_emulated_fmadd_ps(simde__m512 a, simde__m512 b, simde__m512 c) {
  float x[16];
  float y[16];
  float z[16];
  simde_mm512_storeu_ps(x, a);
  simde_mm512_storeu_ps(y, b);
  simde_mm512_storeu_ps(z, c);
  for (int i = 0; i < 16; ++i) z[i] = std::fma(x[i], y[i], z[i]);
  return simde_mm512_loadu_ps(z);
}

#undef _mm512_fmadd_ps
#define _mm512_fmadd_ps(a, b, c) knhk_emulated_fmadd_ps((a), (b), (c))

#if !defined(_mm512_cvtps_pd)
#define _mm512_cvtps_pd(v) knhk_emulated_cvtps_pd(v)
#endif
#if !defined(_mm512_extractf32x8_ps)
#define _mm512_extractf32x8_ps(v, imm) knhk_emulated_extractf32x8_ps((v), (imm))
#endif
#if !defined(_mm512_reduce_add_pd)
#define _mm512_reduce_add_pd(v) knhk_emulated_reduce_add_pd(v)
#endif
#if !defined(_mm512_reduce_add_ps)
#define _mm512_reduce_add_ps(v) knhk_emulated_reduce_add_ps(v)
#endif
#if !defined(_mm512_reduce_max_ps)
#define _mm512_reduce_max_ps(v) knhk_emulated_reduce_max_ps(v)
#endif
#if !defined(_mm512_reduce_min_ps)
#define _mm512_reduce_min_ps(v) knhk_emulated_reduce_min_ps(v)
#endif
#if !defined(_mm512_maskz_loadu_ps)
#define _mm512_maskz_loadu_ps(k, p) knhk_emulated_maskz_loadu_ps((k), (p))
#endif
#if !defined(_mm512_mask_storeu_ps)
#define _mm512_mask_storeu_ps(p, k, v) knhk_emulated_mask_storeu_ps((p), (k), (v))
#endif
#else
#include <immintrin.h>
#endif
