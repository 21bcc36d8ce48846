// Kernel signatures and the per-ISA kernel declarations. Kernels are plain C++ over raw
// pointers: no N-API types. Each ISA's bodies live in src/kernels/<isa>/, compiled with that
// ISA's flags only, and are reached only through the dispatch table.
#pragma once

#include <cstddef>
#include <cstdint>

#include "sgemm_tile.h"

namespace knhk {

// out[i] = a[i] op b[i]; out may alias a or b element for element.
using BinaryF32 = void (*)(const float* a, const float* b, float* out, size_t n);
// out[i] = a[i] * b[i] + c[i], rounded once; out may alias any input element for element.
using TernaryF32 = void (*)(const float* a, const float* b, const float* c, float* out, size_t n);
// Sum of a[i] * b[i]; 0 when n is 0.
using DotF32 = double (*)(const float* a, const float* b, size_t n);
// A reduction to one value. min and max need n >= 1; sum of n == 0 is 0.
using ReduceF32 = double (*)(const float* x, size_t n);
// Index of the first NaN, else of the first largest element. Needs n >= 1.
using ArgReduceF32 = size_t (*)(const float* x, size_t n);
// out[i] = (a[i] op b[i]) ? 1 : 0, op a CompareOpF32 (compare_bits.h); out does not overlap a or b.
using CompareF32 = void (*)(const float* a, const float* b, uint8_t* out, size_t n, int op);
// out[i] = (a[i] op b) ? 1 : 0.
using CompareScalarF32 = void (*)(const float* a, float b, uint8_t* out, size_t n, int op);
// `iterations` rounds of independent FMA chains (the single-core FMA peak); returns a sum of
// the chains so the work cannot be dropped. Flops = iterations * fma_peak_flops_per_iteration.
using FmaPeakF32 = float (*)(size_t iterations);

// The kernels of one instruction set.
struct KernelTable {
  const char* isa;
  BinaryF32 add_f32;
  BinaryF32 sub_f32;
  BinaryF32 mul_f32;
  BinaryF32 div_f32;
  TernaryF32 fma_f32;
  DotF32 dot_f32;
  ReduceF32 sum_f32;
  ReduceF32 min_f32;
  ReduceF32 max_f32;
  ArgReduceF32 argmax_f32;
  CompareF32 compare_f32;
  CompareScalarF32 compare_scalar_f32;
  const SgemmTile* sgemm;
  FmaPeakF32 fma_peak_f32;
  // Floating-point operations of one iteration of fma_peak_f32.
  double fma_peak_flops_per_iteration;
};

// scalar: portable C++, no special flags.
void add_f32_scalar(const float* a, const float* b, float* out, size_t n);
void sub_f32_scalar(const float* a, const float* b, float* out, size_t n);
void mul_f32_scalar(const float* a, const float* b, float* out, size_t n);
void div_f32_scalar(const float* a, const float* b, float* out, size_t n);
void fma_f32_scalar(const float* a, const float* b, const float* c, float* out, size_t n);
double dot_f32_scalar(const float* a, const float* b, size_t n);
double sum_f32_scalar(const float* x, size_t n);
double min_f32_scalar(const float* x, size_t n);
double max_f32_scalar(const float* x, size_t n);
size_t argmax_f32_scalar(const float* x, size_t n);
void compare_f32_scalar(const float* a, const float* b, uint8_t* out, size_t n, int op);
void compare_scalar_f32_scalar(const float* a, float b, uint8_t* out, size_t n, int op);
float fma_peak_f32_scalar(size_t iterations);
extern const double kFmaPeakFlopsScalar;

#if defined(KNHK_X86)
// avx2: -mavx2 -mfma.
void add_f32_avx2(const float* a, const float* b, float* out, size_t n);
void sub_f32_avx2(const float* a, const float* b, float* out, size_t n);
void mul_f32_avx2(const float* a, const float* b, float* out, size_t n);
void div_f32_avx2(const float* a, const float* b, float* out, size_t n);
void fma_f32_avx2(const float* a, const float* b, const float* c, float* out, size_t n);
double dot_f32_avx2(const float* a, const float* b, size_t n);
double sum_f32_avx2(const float* x, size_t n);
double min_f32_avx2(const float* x, size_t n);
double max_f32_avx2(const float* x, size_t n);
size_t argmax_f32_avx2(const float* x, size_t n);
void compare_f32_avx2(const float* a, const float* b, uint8_t* out, size_t n, int op);
void compare_scalar_f32_avx2(const float* a, float b, uint8_t* out, size_t n, int op);
float fma_peak_f32_avx2(size_t iterations);
extern const double kFmaPeakFlopsAvx2;
#endif

#if defined(KNHK_X86) || defined(KNHK_AVX512_EMULATION)

// avx512: -mavx512f -mavx512bw -mavx512vl -mavx512dq.
void add_f32_avx512(const float* a, const float* b, float* out, size_t n);
void sub_f32_avx512(const float* a, const float* b, float* out, size_t n);
void mul_f32_avx512(const float* a, const float* b, float* out, size_t n);
void div_f32_avx512(const float* a, const float* b, float* out, size_t n);
void fma_f32_avx512(const float* a, const float* b, const float* c, float* out, size_t n);
double dot_f32_avx512(const float* a, const float* b, size_t n);
double sum_f32_avx512(const float* x, size_t n);
double min_f32_avx512(const float* x, size_t n);
double max_f32_avx512(const float* x, size_t n);
size_t argmax_f32_avx512(const float* x, size_t n);
void compare_f32_avx512(const float* a, const float* b, uint8_t* out, size_t n, int op);
void compare_scalar_f32_avx512(const float* a, float b, uint8_t* out, size_t n, int op);
float fma_peak_f32_avx512(size_t iterations);
extern const double kFmaPeakFlopsAvx512;
#endif

#if defined(KNHK_ARM64) || defined(KNHK_SIMDE_EMULATION)
// neon: AArch64 ASIMD (baseline there, no flags); elsewhere only in the test-only emulation
// addon, through SIMDe.
void add_f32_neon(const float* a, const float* b, float* out, size_t n);
void sub_f32_neon(const float* a, const float* b, float* out, size_t n);
void mul_f32_neon(const float* a, const float* b, float* out, size_t n);
void div_f32_neon(const float* a, const float* b, float* out, size_t n);
void fma_f32_neon(const float* a, const float* b, const float* c, float* out, size_t n);
double dot_f32_neon(const float* a, const float* b, size_t n);
double sum_f32_neon(const float* x, size_t n);
double min_f32_neon(const float* x, size_t n);
double max_f32_neon(const float* x, size_t n);
size_t argmax_f32_neon(const float* x, size_t n);
#endif

}  // namespace knhk
