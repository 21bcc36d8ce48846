// fmaPeak(iterations, threads = 1): runs the ISA's independent FMA chains `iterations` times
// on the calling thread, or on `threads` threads of the pool at once, and returns their sum
// (a number of no interest but that the work happened). The caller times the call;
// flops = threads * iterations * fmaPeakFlopsPerIteration.
#include "peak_binding.h"

#include <string>
#include <vector>

#include "../parallel/thread_pool.h"

#include "args.h"
#include "errors.h"

namespace knhk {

namespace {

// 2^40 iterations would run for hours: anything above is a mistake.
constexpr size_t kIterationsMax = size_t{1} << 40;

Napi::Value fma_peak(const Napi::CallbackInfo& info) {
  const char* op = "native.fmaPeak";
  if (info.Length() != 1 && info.Length() != 2) {
    throw_coded(info.Env(), "KNHK_E_ARG_TYPE", std::string(op) + ": expects (iterations) or (iterations, threads)");
  }
  const size_t iterations = count_arg(info, 0, op, "iterations");
  if (iterations > kIterationsMax) {
    throw_coded(info.Env(), "KNHK_E_ARG_RANGE", std::string(op) + ": iterations must be at most 2^40");
  }
  const KernelTable& table = *static_cast<const KernelTable*>(info.Data());
  const size_t threads = info.Length() == 2 ? count_arg(info, 1, op, "threads") : 1;
  if (threads == 1) return Napi::Number::New(info.Env(), table.fma_peak_f32(iterations));
  ThreadPool& pool = shared_pool();
  if (threads == 0 || threads > pool.threads()) {
    throw_coded(info.Env(), "KNHK_E_ARG_RANGE",
                std::string(op) + ": threads must be 1 to the pool's " + std::to_string(pool.threads()) +
                    " (setThreads changes it)");
  }
  // One chain set per thread of the pool, all at once; each task writes its own slot.
  std::vector<double> sums(threads, 0.0);
  pool.run(static_cast<unsigned>(threads), [&](unsigned i) { sums[i] = table.fma_peak_f32(iterations); });
  double sum = 0;
  for (const double s : sums) sum += s;
  return Napi::Number::New(info.Env(), sum);
}

}  // namespace

void add_peak_function(Napi::Env env, Napi::Object target, const KernelTable* table) {
  target.Set("fmaPeak", Napi::Function::New(env, fma_peak, "fmaPeak", const_cast<KernelTable*>(table)));
  target.Set("fmaPeakFlopsPerIteration", Napi::Number::New(env, table->fma_peak_flops_per_iteration));
}

}  // namespace knhk
