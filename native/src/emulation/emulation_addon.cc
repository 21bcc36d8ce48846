// The test-only EMULATION addon (native/emulation/binding.gyp, knhk_emulation.node): the NEON
// kernels and the AVX-512 Teddy kernel compiled through SIMDe's portable implementations of
// those intrinsics, so that x86 machines without AVX-512, and any machine without NEON, can
// test them against the scalar kernels. It is emulation: no backend loads it, and its
// timings mean nothing.
#include <napi.h>

#include <string>

#include "../binding/args.h"
#include "../binding/buffer_binding.h"
#include "../binding/errors.h"
#include "../binding/pattern_binding.h"
#include "../binding/reduce_binding.h"
#include "../binding/vector_binding.h"
#include "../kernels/kernels.h"
#include "../kernels/pattern_kernels.h"

#include <simde/simde-common.h>

namespace knhk {

namespace {

const KernelTable kScalar = {"scalar",          add_f32_scalar, sub_f32_scalar, mul_f32_scalar, div_f32_scalar,
                             fma_f32_scalar,    dot_f32_scalar, sum_f32_scalar, min_f32_scalar, max_f32_scalar,
                             argmax_f32_scalar, compare_f32_scalar, compare_scalar_f32_scalar, &kSgemmTileScalar, fma_peak_f32_scalar, kFmaPeakFlopsScalar};

// As on aarch64 (see dispatch.cc): comparisons, the sgemm tile and the peak kernel are scalar.
const KernelTable kNeon = {"neon",          add_f32_neon, sub_f32_neon, mul_f32_neon, div_f32_neon,
                           fma_f32_neon,    dot_f32_neon, sum_f32_neon, min_f32_neon, max_f32_neon,
                           argmax_f32_neon, compare_f32_scalar, compare_scalar_f32_scalar, &kSgemmTileScalar, fma_peak_f32_scalar, kFmaPeakFlopsScalar};

const PatternKernels kScalarPatterns = {"scalar", teddy_u8_scalar, prefix_filter_u8_scalar};
const PatternKernels kNeonPatterns = {"neon", teddy_u8_neon, prefix_filter_u8_scalar};
const PatternKernels kAvx512Patterns = {"avx512", teddy_u8_avx512, prefix_filter_u8_avx512};

}  // namespace

// kernels(isa): "scalar" (native) or "neon" (emulated): vector, reduce and pattern functions.
Napi::Value emulation_kernels(const Napi::CallbackInfo& info) {
  const char* op = "emulation.kernels";
  expect_arg_count(info, 1, op);
  const std::string name = string_arg(info, 0, op, "isa");
  if (name != "scalar" && name != "neon") {
    throw_coded(info.Env(), "KNHK_E_ARG_INVALID", std::string(op) + ": unknown ISA \"" + name + "\"; known: scalar, neon");
  }
  const bool neon = name == "neon";
  Napi::Object result = Napi::Object::New(info.Env());
  result.Set("isa", Napi::String::New(info.Env(), name));
  result.Set("emulated", Napi::Boolean::New(info.Env(), neon));
  add_vector_functions(info.Env(), result, neon ? &kNeon : &kScalar);
  add_reduce_functions(info.Env(), result, neon ? &kNeon : &kScalar);
  add_pattern_functions(info.Env(), result, neon ? kNeonPatterns : kScalarPatterns);
  return result;
}

// patternKernels("avx512"): the pattern functions on the emulated AVX-512 Teddy and prefix-filter kernels.
Napi::Value emulation_pattern_kernels(const Napi::CallbackInfo& info) {
  const char* op = "emulation.patternKernels";
  expect_arg_count(info, 1, op);
  const std::string name = string_arg(info, 0, op, "isa");
  if (name != "avx512") throw_coded(info.Env(), "KNHK_E_ARG_INVALID", std::string(op) + ": unknown ISA \"" + name + "\"; known: avx512");
  Napi::Object result = Napi::Object::New(info.Env());
  result.Set("isa", Napi::String::New(info.Env(), name));
  result.Set("emulated", Napi::Boolean::New(info.Env(), true));
  add_pattern_functions(info.Env(), result, kAvx512Patterns);
  return result;
}

}  // namespace knhk

namespace {

Napi::Object init(Napi::Env env, Napi::Object exports) {
  exports.Set("emulation", Napi::String::New(env, "SIMDe " + std::to_string(SIMDE_VERSION_MAJOR) + "." +
                                                      std::to_string(SIMDE_VERSION_MINOR) + "." +
                                                      std::to_string(SIMDE_VERSION_MICRO)));
  exports.Set("kernels", Napi::Function::New(env, knhk::emulation_kernels, "kernels"));
  exports.Set("patternKernels", Napi::Function::New(env, knhk::emulation_pattern_kernels, "patternKernels"));
  // Device memory of this addon, whose memoryIds its kernels' dot and reductions take.
  knhk::add_memory_functions(env, exports);
  return exports;
}

}  // namespace

NODE_API_MODULE(knhk_emulation, init)
