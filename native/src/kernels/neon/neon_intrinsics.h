// The NEON intrinsics: <arm_neon.h> on aarch64; on other machines, for the test-only
// emulation addon (native/emulation/), SIMDe's portable implementation of the same names.
// Kernels built the second way are emulation and are never loaded by a backend.
#pragma once

#if defined(KNHK_SIMDE_EMULATION)
#define SIMDE_ENABLE_NATIVE_ALIASES
#include <simde/arm/neon.h>

#if !defined(SIMDE_ARM_NEON_A64V8_NATIVE) && !defined(vdivq_f32)
// SIMDe 0.7 has no vdivq_f32. AArch64's FDIV is the IEEE-754 quotient rounded to nearest,
// which is exactly what f32 division gives lane by lane.
static inline float32x4_t vdivq_f32(float32x4_t a, float32x4_t b) {
  float x[4];
  float y[4];
  vst1q_f32(x, a);
  vst1q_f32(y, b);
  for (int i = 0; i < 4; ++i) x[i] /= y[i];
  return vld1q_f32(x);
}
#endif

#if !defined(SIMDE_X86_FMA_NATIVE) && !defined(SIMDE_ARM_NEON_A32V7_NATIVE)
// Without hardware FMA, SIMDe's vfmaq_f32 multiplies and adds with two roundings; AArch64's
// FMLA rounds once. Lane-wise std::fma is FMLA's result exactly.
#include <cmath>
static inline float32x4_t knhk_fused_vfmaq_f32(float32x4_t c, float32x4_t a, float32x4_t b) {
  float x[4];
  float y[4];
  float z[4];
  vst1q_f32(x, a);
  vst1q_f32(y, b);
  vst1q_f32(z, c);
  for (int i = 0; i < 4; ++i) z[i] = std::fma(x[i], y[i], z[i]);
  return vld1q_f32(z);
}
#undef vfmaq_f32
#define vfmaq_f32 knhk_fused_vfmaq_f32
#endif
#else
#include <arm_neon.h>
#endif
