// fmaPeak(iterations): runs the ISA's independent FMA chains `iterations` times on the
// calling thread and returns their sum (a number of no interest but that the work happened).
// The caller times the call; flops = iterations * fmaPeakFlopsPerIteration.
#include "peak_binding.h"

#include <string>

#include "args.h"
#include "errors.h"

namespace knhk {

namespace {

// 2^40 iterations would run for hours: anything above is a mistake.
constexpr size_t kIterationsMax = size_t{1} << 40;

Napi::Value fma_peak(const Napi::CallbackInfo& info) {
  const char* op = "native.fmaPeak";
  expect_arg_count(info, 1, op);
  const size_t iterations = count_arg(info, 0, op, "iterations");
  if (iterations > kIterationsMax) {
    throw_coded(info.Env(), "KNHK_E_ARG_RANGE", std::string(op) + ": iterations must be at most 2^40");
  }
  const KernelTable& table = *static_cast<const KernelTable*>(info.Data());
  return Napi::Number::New(info.Env(), table.fma_peak_f32(iterations));
}

}  // namespace

void add_peak_function(Napi::Env env, Napi::Object target, const KernelTable* table) {
  target.Set("fmaPeak", Napi::Function::New(env, fma_peak, "fmaPeak", const_cast<KernelTable*>(table)));
  target.Set("fmaPeakFlopsPerIteration", Napi::Number::New(env, table->fma_peak_flops_per_iteration));
}

}  // namespace knhk
