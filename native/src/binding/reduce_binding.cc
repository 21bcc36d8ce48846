// sum(x), min(x), max(x), argmax(x) over a dense Float32Array, or over device memory named by
// its memoryId (buffer_binding.h). min, max and argmax of an
// empty array throw KNHK_E_ARG_LENGTH; the sum of an empty array is 0. Large arrays are split
// over the thread pool (parallel/split_f32.h).
#include "reduce_binding.h"

#include "../parallel/split_f32.h"
#include "args.h"
#include "buffer_binding.h"

namespace knhk {

namespace {

const KernelTable& table_of(const Napi::CallbackInfo& info) { return *static_cast<const KernelTable*>(info.Data()); }

F32Span single_input(const Napi::CallbackInfo& info, const char* op, bool empty_allowed) {
  expect_arg_count(info, 1, op);
  const F32Span x = f32_input(info, 0, op, "x");
  if (!empty_allowed) expect_non_empty(info.Env(), x, op, "x");
  return x;
}

Napi::Value sum(const Napi::CallbackInfo& info) {
  const F32Span x = single_input(info, "native.sum", true);
  return Napi::Number::New(info.Env(), sum_split_f32(table_of(info).sum_f32, x.data, x.length, shared_pool()));
}

Napi::Value min(const Napi::CallbackInfo& info) {
  const F32Span x = single_input(info, "native.min", false);
  return Napi::Number::New(info.Env(), min_split_f32(table_of(info).min_f32, x.data, x.length, shared_pool()));
}

Napi::Value max(const Napi::CallbackInfo& info) {
  const F32Span x = single_input(info, "native.max", false);
  return Napi::Number::New(info.Env(), max_split_f32(table_of(info).max_f32, x.data, x.length, shared_pool()));
}

Napi::Value argmax(const Napi::CallbackInfo& info) {
  const F32Span x = single_input(info, "native.argmax", false);
  const size_t at = argmax_split_f32(table_of(info).argmax_f32, x.data, x.length, shared_pool());
  return Napi::Number::New(info.Env(), static_cast<double>(at));
}

}  // namespace

void add_reduce_functions(Napi::Env env, Napi::Object target, const KernelTable* table) {
  void* data = const_cast<KernelTable*>(table);
  target.Set("sum", Napi::Function::New(env, sum, "sum", data));
  target.Set("min", Napi::Function::New(env, min, "min", data));
  target.Set("max", Napi::Function::New(env, max, "max", data));
  target.Set("argmax", Napi::Function::New(env, argmax, "argmax", data));
}

}  // namespace knhk
