#include "threads_binding.h"

#include <string>

#include "../parallel/thread_pool.h"
#include "args.h"
#include "errors.h"

namespace knhk {

namespace {

constexpr size_t kThreadsMax = 256;

Napi::Value threads(const Napi::CallbackInfo& info) {
  expect_arg_count(info, 0, "native.threads");
  return Napi::Number::New(info.Env(), shared_pool().threads());
}

Napi::Value set_threads(const Napi::CallbackInfo& info) {
  const char* op = "native.setThreads";
  expect_arg_count(info, 1, op);
  const size_t n = count_arg(info, 0, op, "threads");
  if (n < 1 || n > kThreadsMax) {
    throw_coded(info.Env(), "KNHK_E_ARG_RANGE",
                std::string(op) + ": threads must be an integer from 1 to " + std::to_string(kThreadsMax) + ", got " +
                    std::to_string(n));
  }
  shared_pool().resize(static_cast<unsigned>(n));
  return info.Env().Undefined();
}

}  // namespace

void add_thread_functions(Napi::Env env, Napi::Object exports) {
  exports.Set("threads", Napi::Function::New(env, threads, "threads"));
  exports.Set("setThreads", Napi::Function::New(env, set_threads, "setThreads"));
}

}  // namespace knhk
