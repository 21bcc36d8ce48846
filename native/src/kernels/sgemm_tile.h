// The sgemm micro-kernel contract every ISA implements, and the register tile and cache
// blocks of each. A micro-kernel multiplies one packed panel of op(A) (kc x MR, stored
// [p][r]) by one packed panel of op(B) (kc x NR, stored [p][c]) and writes the MR x NR tile
//   c[r * ldc + j] = alpha * sum_p a[p * MR + r] * b[p * NR + j] + beta * c[r * ldc + j]
// with the sums in f32 fused multiply-adds. When beta is 0, c is not read (NaN in C does
// not propagate), as in BLAS. Kernels are plain C++ over raw pointers: no N-API types.
#pragma once

#include <cstddef>

namespace knhk {

using SgemmMicroF32 = void (*)(size_t kc, const float* a, const float* b, float* c, size_t ldc, float alpha,
                               float beta);

// One ISA's micro-kernel with its register tile (mr x nr) and the cache blocks the driver
// packs for it: kc x nr panels of B stay in L1, an mc x kc block of A in L2, a kc x nc
// block of B in L3.
struct SgemmTile {
  size_t mr;
  size_t nr;
  size_t mc;
  size_t kc;
  size_t nc;
  SgemmMicroF32 micro;
};

// The largest register tile of any ISA (the driver's edge-tile scratch is this big).
constexpr size_t kSgemmTileElementsMax = 16 * 32;

// Scalar: a 4 x 4 tile of f32 accumulators.
void sgemm_micro_f32_scalar(size_t kc, const float* a, const float* b, float* c, size_t ldc, float alpha,
                            float beta);
extern const SgemmTile kSgemmTileScalar;

#if defined(KNHK_X86) || defined(KNHK_AVX512_EMULATION)
// avx512: 12 x 32, 24 zmm accumulators.
void sgemm_micro_f32_avx512(size_t kc, const float* a, const float* b, float* c, size_t ldc, float alpha,
                            float beta);
extern const SgemmTile kSgemmTileAvx512;
#endif

#if defined(KNHK_X86)
// avx2: 6 x 16, 12 ymm accumulators.
void sgemm_micro_f32_avx2(size_t kc, const float* a, const float* b, float* c, size_t ldc, float alpha,
                          float beta);
extern const SgemmTile kSgemmTileAvx2;
#endif

}  // namespace knhk
