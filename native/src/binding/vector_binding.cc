// add/sub/mul/div(a, b, out), fma(a, b, c, out): dense Float32Arrays of one length, out may
// alias an input. dot(a, b): a number; a and b may also be the memoryIds of device memory
// (buffer_binding.h), which spares inspecting typed arrays. compare(a, b, out, op): b a
// Float32Array of a's length or a number (rounded to f32), out a Uint8Array of a's length
// that does not overlap a or b, op 0-5 (lt, le, gt, ge, eq, ne). Every argument is checked before a kernel runs.
// Large arrays are split over the thread pool (parallel/split_f32.h).
#include "vector_binding.h"

#include <string>

#include "../parallel/split_f32.h"
#include "args.h"
#include "buffer_binding.h"
#include "errors.h"

namespace knhk {

namespace {

const KernelTable& table_of(const Napi::CallbackInfo& info) { return *static_cast<const KernelTable*>(info.Data()); }

Napi::Value binary(const Napi::CallbackInfo& info, const char* op, BinaryF32 kernel) {
  expect_arg_count(info, 3, op);
  const F32Span a = f32_arg(info, 0, op, "a");
  const F32Span b = f32_arg(info, 1, op, "b");
  const F32Span out = f32_arg(info, 2, op, "out");
  const size_t n = a.length;
  expect_length(info.Env(), b, n, op, "b");
  expect_length(info.Env(), out, n, op, "out");
  binary_split_f32(kernel, a.data, b.data, out.data, n, shared_pool());
  return info[2];
}

Napi::Value add(const Napi::CallbackInfo& info) { return binary(info, "native.add", table_of(info).add_f32); }
Napi::Value sub(const Napi::CallbackInfo& info) { return binary(info, "native.sub", table_of(info).sub_f32); }
Napi::Value mul(const Napi::CallbackInfo& info) { return binary(info, "native.mul", table_of(info).mul_f32); }
Napi::Value div(const Napi::CallbackInfo& info) { return binary(info, "native.div", table_of(info).div_f32); }

Napi::Value fma(const Napi::CallbackInfo& info) {
  const char* op = "native.fma";
  expect_arg_count(info, 4, op);
  const F32Span a = f32_arg(info, 0, op, "a");
  const F32Span b = f32_arg(info, 1, op, "b");
  const F32Span c = f32_arg(info, 2, op, "c");
  const F32Span out = f32_arg(info, 3, op, "out");
  const size_t n = a.length;
  expect_length(info.Env(), b, n, op, "b");
  expect_length(info.Env(), c, n, op, "c");
  expect_length(info.Env(), out, n, op, "out");
  ternary_split_f32(table_of(info).fma_f32, a.data, b.data, c.data, out.data, n, shared_pool());
  return info[3];
}

Napi::Value dot(const Napi::CallbackInfo& info) {
  const char* op = "native.dot";
  expect_arg_count(info, 2, op);
  const F32Span a = f32_input(info, 0, op, "a");
  const F32Span b = f32_input(info, 1, op, "b");
  expect_length(info.Env(), b, a.length, op, "b");
  return Napi::Number::New(info.Env(), dot_split_f32(table_of(info).dot_f32, a.data, b.data, a.length, shared_pool()));
}

// True when the bytes of out and of the floats of x share memory.
bool overlaps(const U8Span& out, const float* x, size_t n) {
  if (out.length == 0 || n == 0) return false;
  const uint8_t* begin = reinterpret_cast<const uint8_t*>(x);
  return out.data < begin + n * sizeof(float) && begin < out.data + out.length;
}

Napi::Value compare(const Napi::CallbackInfo& info) {
  const char* op = "native.compare";
  expect_arg_count(info, 4, op);
  const F32Span a = f32_arg(info, 0, op, "a");
  const U8Span out = u8_arg(info, 2, op, "out");
  const size_t predicate = count_arg(info, 3, op, "op");
  if (predicate > 5) {
    throw_coded(info.Env(), "KNHK_E_ARG_INVALID", std::string(op) + ": op must be 0 to 5 (lt, le, gt, ge, eq, ne)");
  }
  if (out.length != a.length) {
    throw_coded(info.Env(), "KNHK_E_ARG_LENGTH",
                std::string(op) + ": out has " + std::to_string(out.length) + " elements, " + std::to_string(a.length) +
                    " are needed");
  }
  if (overlaps(out, a.data, a.length)) {
    throw_coded(info.Env(), "KNHK_E_ARG_INVALID", std::string(op) + ": out shares memory with a; pass a copy");
  }
  const KernelTable& table = table_of(info);
  if (info[1].IsNumber()) {
    const float b = static_cast<float>(number_arg(info, 1, op, "b"));
    compare_scalar_split_f32(table.compare_scalar_f32, a.data, b, out.data, a.length, static_cast<int>(predicate),
                             shared_pool());
    return info[2];
  }
  const F32Span b = f32_arg(info, 1, op, "b");
  expect_length(info.Env(), b, a.length, op, "b");
  if (overlaps(out, b.data, b.length)) {
    throw_coded(info.Env(), "KNHK_E_ARG_INVALID", std::string(op) + ": out shares memory with b; pass a copy");
  }
  compare_split_f32(table.compare_f32, a.data, b.data, out.data, a.length, static_cast<int>(predicate), shared_pool());
  return info[2];
}

}  // namespace

void add_vector_functions(Napi::Env env, Napi::Object target, const KernelTable* table) {
  void* data = const_cast<KernelTable*>(table);
  target.Set("add", Napi::Function::New(env, add, "add", data));
  target.Set("sub", Napi::Function::New(env, sub, "sub", data));
  target.Set("mul", Napi::Function::New(env, mul, "mul", data));
  target.Set("div", Napi::Function::New(env, div, "div", data));
  target.Set("fma", Napi::Function::New(env, fma, "fma", data));
  target.Set("dot", Napi::Function::New(env, dot, "dot", data));
  target.Set("compare", Napi::Function::New(env, compare, "compare", data));
}

}  // namespace knhk
