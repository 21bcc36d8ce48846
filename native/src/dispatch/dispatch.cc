#include "dispatch.h"

namespace knhk {

namespace {

const KernelTable kScalar = {"scalar",          add_f32_scalar, sub_f32_scalar, mul_f32_scalar, div_f32_scalar,
                             fma_f32_scalar,    dot_f32_scalar, sum_f32_scalar, min_f32_scalar, max_f32_scalar,
                             argmax_f32_scalar, compare_f32_scalar, compare_scalar_f32_scalar, &kSgemmTileScalar, fma_peak_f32_scalar, kFmaPeakFlopsScalar};

#if defined(KNHK_X86)
const KernelTable kAvx2 = {"avx2",          add_f32_avx2, sub_f32_avx2, mul_f32_avx2, div_f32_avx2,
                           fma_f32_avx2,    dot_f32_avx2, sum_f32_avx2, min_f32_avx2, max_f32_avx2,
                           argmax_f32_avx2, compare_f32_avx2, compare_scalar_f32_avx2, &kSgemmTileAvx2, fma_peak_f32_avx2, kFmaPeakFlopsAvx2};
#endif

#if defined(KNHK_X86) || defined(KNHK_AVX512_EMULATION)

const KernelTable kAvx512 = {"avx512",          add_f32_avx512, sub_f32_avx512, mul_f32_avx512, div_f32_avx512,
                             fma_f32_avx512,    dot_f32_avx512, sum_f32_avx512, min_f32_avx512, max_f32_avx512,
                             argmax_f32_avx512, compare_f32_avx512, compare_scalar_f32_avx512, &kSgemmTileAvx512, fma_peak_f32_avx512, kFmaPeakFlopsAvx512};
#endif

#if defined(KNHK_ARM64)
// NEON has its own element-wise, dot and reduction kernels; comparisons, the sgemm tile and
// the peak kernel are the scalar ones there until NEON versions exist.
const KernelTable kNeon = {"neon",          add_f32_neon, sub_f32_neon, mul_f32_neon, div_f32_neon,
                           fma_f32_neon,    dot_f32_neon, sum_f32_neon, min_f32_neon, max_f32_neon,
                           argmax_f32_neon, compare_f32_scalar, compare_scalar_f32_scalar, &kSgemmTileScalar, fma_peak_f32_scalar, kFmaPeakFlopsScalar};
#endif

}  // namespace

uint32_t compiled_isas() {
#if defined(KNHK_X86)
  return kIsaScalar | kIsaAvx2 | kIsaAvx512;
#elif defined(KNHK_AVX512_EMULATION)
  return kIsaScalar | kIsaAvx512;
#elif defined(KNHK_ARM64)
  return kIsaScalar | kIsaNeon;
#else
  return kIsaScalar;
#endif
}

uint32_t isa_bit(const std::string& name) {
  if (name == "scalar") return kIsaScalar;
  if (name == "avx2") return kIsaAvx2;
  if (name == "avx512") return kIsaAvx512;
  if (name == "neon") return kIsaNeon;
  return 0;
}

const char* isa_name(uint32_t bit) {
  if (bit == kIsaAvx512) return "avx512";
  if (bit == kIsaAvx2) return "avx2";
  if (bit == kIsaNeon) return "neon";
  return "scalar";
}

uint32_t choose_isa(uint32_t allowed) {
  const uint32_t usable = supported_isas() & compiled_isas() & allowed;
  if ((usable & kIsaAvx512) != 0) return kIsaAvx512;
  if ((usable & kIsaAvx2) != 0) return kIsaAvx2;
  if ((usable & kIsaNeon) != 0) return kIsaNeon;
  return kIsaScalar;
}

const KernelTable& kernel_table(uint32_t bit) {
#if defined(KNHK_X86) || defined(KNHK_AVX512_EMULATION)
  if (bit == kIsaAvx512) return kAvx512;
#endif
#if defined(KNHK_X86)
  if (bit == kIsaAvx2) return kAvx2;
#endif
#if defined(KNHK_ARM64)
  if (bit == kIsaNeon) return kNeon;
#endif
  return kScalar;
}

const PatternKernels& pattern_kernels(uint32_t bit) {
  static const PatternKernels scalar = {"scalar", teddy_u8_scalar, prefix_filter_u8_scalar};
#if defined(KNHK_X86)
  static const PatternKernels avx2 = {"avx2", teddy_u8_avx2, prefix_filter_u8_avx2};
  static const PatternKernels avx512 = {"avx512", teddy_u8_avx512, prefix_filter_u8_avx512};
  if (bit == kIsaAvx512) return avx512;
  if (bit == kIsaAvx2) return avx2;
#endif
#if defined(KNHK_ARM64)
  // NEON has no gather: the prefix filter stays scalar there.
  static const PatternKernels neon = {"neon", teddy_u8_neon, prefix_filter_u8_scalar};
  if (bit == kIsaNeon) return neon;
#endif
  (void)bit;
  return scalar;
}

}  // namespace knhk
