#include "isa_binding.h"

#include <string>

#include "../dispatch/dispatch.h"
#include "args.h"
#include "errors.h"
#include "peak_binding.h"
#include "pattern_binding.h"
#include "reduce_binding.h"
#include "sgemm_binding.h"
#include "vector_binding.h"

namespace knhk {

namespace {

const uint32_t kAllIsas[] = {kIsaScalar, kIsaAvx2, kIsaAvx512, kIsaNeon};

Napi::Array isa_names(Napi::Env env, uint32_t mask) {
  Napi::Array names = Napi::Array::New(env);
  for (uint32_t bit : kAllIsas) {
    if ((mask & bit) != 0) names.Set(names.Length(), Napi::String::New(env, isa_name(bit)));
  }
  return names;
}

// features(): the CPU's flags and the OS's saved register state, as booleans.
Napi::Value features(const Napi::CallbackInfo& info) {
  expect_arg_count(info, 0, "native.features");
  const CpuFeatures& f = cpu_features();
  Napi::Object result = Napi::Object::New(info.Env());
  result.Set("avx2", f.avx2);
  result.Set("fma", f.fma);
  result.Set("avx512f", f.avx512f);
  result.Set("avx512bw", f.avx512bw);
  result.Set("avx512vl", f.avx512vl);
  result.Set("avx512dq", f.avx512dq);
  result.Set("osYmm", f.os_ymm);
  result.Set("osZmm", f.os_zmm);
  result.Set("neon", f.neon);
  return result;
}

Napi::Value supported(const Napi::CallbackInfo& info) {
  expect_arg_count(info, 0, "native.supportedIsas");
  return isa_names(info.Env(), supported_isas() & compiled_isas());
}

Napi::Value compiled(const Napi::CallbackInfo& info) {
  expect_arg_count(info, 0, "native.compiledIsas");
  return isa_names(info.Env(), compiled_isas());
}

uint32_t checked_bit(const Napi::CallbackInfo& info, const std::string& name, const char* op) {
  const uint32_t bit = isa_bit(name);
  if (bit == 0) {
    throw_coded(info.Env(), "KNHK_E_ARG_INVALID", std::string(op) + ": unknown ISA \"" + name + "\"; known: scalar, avx2, avx512, neon");
  }
  return bit;
}

// choose(allowed: string[]): the best ISA in supported & allowed, falling through to scalar.
Napi::Value choose(const Napi::CallbackInfo& info) {
  const char* op = "native.choose";
  expect_arg_count(info, 1, op);
  if (!info[0].IsArray()) throw_coded(info.Env(), "KNHK_E_ARG_TYPE", std::string(op) + ": allowed must be an array of ISA names");
  const Napi::Array allowed = info[0].As<Napi::Array>();
  uint32_t mask = 0;
  for (uint32_t i = 0; i < allowed.Length(); ++i) {
    const Napi::Value name = allowed.Get(i);
    if (!name.IsString()) throw_coded(info.Env(), "KNHK_E_ARG_TYPE", std::string(op) + ": ISA names must be strings");
    mask |= checked_bit(info, name.As<Napi::String>().Utf8Value(), op);
  }
  return Napi::String::New(info.Env(), isa_name(choose_isa(mask)));
}

// kernels(isa): the functions of one ISA; KNHK_E_PLUGIN_UNAVAILABLE when the CPU or OS lacks it.
Napi::Value kernels(const Napi::CallbackInfo& info) {
  const char* op = "native.kernels";
  expect_arg_count(info, 1, op);
  const std::string name = string_arg(info, 0, op, "isa");
  const uint32_t bit = checked_bit(info, name, op);
  if ((supported_isas() & compiled_isas() & bit) == 0) {
    throw_coded(info.Env(), "KNHK_E_PLUGIN_UNAVAILABLE", std::string(op) + ": this CPU or OS does not support " + name);
  }
  const KernelTable* table = &kernel_table(bit);
  Napi::Object result = Napi::Object::New(info.Env());
  result.Set("isa", Napi::String::New(info.Env(), table->isa));
  add_vector_functions(info.Env(), result, table);
  add_reduce_functions(info.Env(), result, table);
  add_sgemm_function(info.Env(), result, table);
  add_peak_function(info.Env(), result, table);
  add_pattern_functions(info.Env(), result, pattern_kernels(bit));
  return result;
}

}  // namespace

void add_isa_functions(Napi::Env env, Napi::Object exports) {
  exports.Set("features", Napi::Function::New(env, features, "features"));
  exports.Set("supportedIsas", Napi::Function::New(env, supported, "supportedIsas"));
  exports.Set("compiledIsas", Napi::Function::New(env, compiled, "compiledIsas"));
  exports.Set("choose", Napi::Function::New(env, choose, "choose"));
  exports.Set("kernels", Napi::Function::New(env, kernels, "kernels"));
#if defined(KNHK_AVX512_EMULATION)
  exports.Set("emulation", Napi::String::New(env, "avx512 kernels on SIMDe (test-only emulation build)"));
#endif
}

}  // namespace knhk
