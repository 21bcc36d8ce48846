#include "args.h"

#include <cmath>
#include <string>

#include "errors.h"

namespace knhk {

void expect_arg_count(const Napi::CallbackInfo& info, size_t count, const char* op) {
  if (info.Length() == count) return;
  throw_coded(info.Env(), "KNHK_E_ARG_TYPE",
              std::string(op) + ": expects " + std::to_string(count) + " arguments, got " +
                  std::to_string(info.Length()));
}

F32Span f32_arg(const Napi::CallbackInfo& info, size_t index, const char* op, const char* name) {
  const napi_env env = info.Env();
  const napi_value value = info[index];
  napi_typedarray_type type = napi_int8_array;
  size_t length = 0;
  void* data = nullptr;
  // napi_get_typedarray_info answers napi_invalid_arg for anything but a typed array.
  if (napi_get_typedarray_info(env, value, &type, &length, &data, nullptr, nullptr) != napi_ok ||
      type != napi_float32_array) {
    throw_coded(info.Env(), "KNHK_E_ARG_TYPE", std::string(op) + ": " + name + " must be a Float32Array");
  }
  return F32Span{static_cast<float*>(data), length};
}

U8Span u8_arg(const Napi::CallbackInfo& info, size_t index, const char* op, const char* name) {
  napi_typedarray_type type = napi_int8_array;
  size_t length = 0;
  void* data = nullptr;
  if (napi_get_typedarray_info(info.Env(), info[index], &type, &length, &data, nullptr, nullptr) != napi_ok ||
      type != napi_uint8_array) {
    throw_coded(info.Env(), "KNHK_E_ARG_TYPE", std::string(op) + ": " + name + " must be a Uint8Array");
  }
  return U8Span{static_cast<uint8_t*>(data), length};
}

double number_arg(const Napi::CallbackInfo& info, size_t index, const char* op, const char* name) {
  const Napi::Value value = info[index];
  if (!value.IsNumber()) throw_coded(info.Env(), "KNHK_E_ARG_TYPE", std::string(op) + ": " + name + " must be a number");
  return value.As<Napi::Number>().DoubleValue();
}

void expect_length(Napi::Env env, const F32Span& span, size_t length, const char* op, const char* name) {
  if (span.length == length) return;
  throw_coded(env, "KNHK_E_ARG_LENGTH",
              std::string(op) + ": " + name + " has " + std::to_string(span.length) + " elements, " +
                  std::to_string(length) + " are needed");
}

void expect_non_empty(Napi::Env env, const F32Span& span, const char* op, const char* name) {
  if (span.length > 0) return;
  throw_coded(env, "KNHK_E_ARG_LENGTH", std::string(op) + ": " + name + " is empty, it needs at least one element");
}

size_t count_arg(const Napi::CallbackInfo& info, size_t index, const char* op, const char* name) {
  double x = 0;
  // One N-API call: napi_get_value_double answers napi_number_expected for a non-number.
  if (napi_get_value_double(info.Env(), info[index], &x) != napi_ok) {
    throw_coded(info.Env(), "KNHK_E_ARG_TYPE", std::string(op) + ": " + name + " must be a number");
  }
  if (!(x >= 0.0) || x > 9007199254740991.0 || std::floor(x) != x) {
    throw_coded(info.Env(), "KNHK_E_ARG_RANGE",
                std::string(op) + ": " + name + " must be a non-negative integer, got " + std::to_string(x));
  }
  return static_cast<size_t>(x);
}

double finite_arg(const Napi::CallbackInfo& info, size_t index, const char* op, const char* name) {
  const Napi::Value value = info[index];
  if (!value.IsNumber()) throw_coded(info.Env(), "KNHK_E_ARG_TYPE", std::string(op) + ": " + name + " must be a number");
  const double x = value.As<Napi::Number>().DoubleValue();
  if (!std::isfinite(x)) {
    throw_coded(info.Env(), "KNHK_E_ARG_INVALID", std::string(op) + ": " + name + " must be finite, got " + std::to_string(x));
  }
  return x;
}

bool bool_arg(const Napi::CallbackInfo& info, size_t index, const char* op, const char* name) {
  const Napi::Value value = info[index];
  if (!value.IsBoolean()) throw_coded(info.Env(), "KNHK_E_ARG_TYPE", std::string(op) + ": " + name + " must be a boolean");
  return value.As<Napi::Boolean>().Value();
}

std::string string_arg(const Napi::CallbackInfo& info, size_t index, const char* op, const char* name) {
  const Napi::Value value = info[index];
  if (!value.IsString()) throw_coded(info.Env(), "KNHK_E_ARG_TYPE", std::string(op) + ": " + name + " must be a string");
  return value.As<Napi::String>().Utf8Value();
}

}  // namespace knhk
