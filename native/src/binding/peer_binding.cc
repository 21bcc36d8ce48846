#include "peer_binding.h"

#include <climits>
#include <string>

#include "../peers/openblas.h"
#include "args.h"
#include "errors.h"

namespace knhk {

namespace {

Napi::Value openblas_status_js(const Napi::CallbackInfo& info) {
  expect_arg_count(info, 0, "native.openblasStatus");
  return Napi::String::New(info.Env(), openblas_status());
}

Napi::Value openblas_sgemm_js(const Napi::CallbackInfo& info) {
  const char* op = "native.openblasSgemm";
  expect_arg_count(info, 6, op);
  const F32Span a = f32_arg(info, 0, op, "a");
  const F32Span b = f32_arg(info, 1, op, "b");
  const F32Span c = f32_arg(info, 2, op, "c");
  const size_t m = count_arg(info, 3, op, "m");
  const size_t n = count_arg(info, 4, op, "n");
  const size_t k = count_arg(info, 5, op, "k");
  if (m > INT_MAX || n > INT_MAX || k > INT_MAX) {
    throw_coded(info.Env(), "KNHK_E_ARG_RANGE", std::string(op) + ": m, n and k must fit in an int for CBLAS");
  }
  expect_length(info.Env(), a, m * k, op, "a");
  expect_length(info.Env(), b, k * n, op, "b");
  expect_length(info.Env(), c, m * n, op, "c");
  if (!openblas_status().empty()) throw_coded(info.Env(), "KNHK_E_PLUGIN_UNAVAILABLE", std::string(op) + ": " + openblas_status());
  if (m > 0 && n > 0 && k > 0) openblas_sgemm(m, n, k, a.data, b.data, c.data);
  return info[2];
}

}  // namespace

void add_peer_functions(Napi::Env env, Napi::Object exports) {
  exports.Set("openblasStatus", Napi::Function::New(env, openblas_status_js, "openblasStatus"));
  exports.Set("openblasSgemm", Napi::Function::New(env, openblas_sgemm_js, "openblasSgemm"));
}

}  // namespace knhk
