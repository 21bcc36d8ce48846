// Argument checks at the N-API boundary: count, Float32Array type and lengths. Each names
// the operation (e.g. "native.add") in its message and throws a coded error.
#pragma once

#include <napi.h>

#include <cstddef>
#include <cstdint>

namespace knhk {

// Exactly `count` arguments, else KNHK_E_ARG_TYPE.
void expect_arg_count(const Napi::CallbackInfo& info, size_t count, const char* op);

// The elements of a Float32Array argument (data is null when it is empty or detached).
struct F32Span {
  float* data;
  size_t length;
};

// Argument `index` as a Float32Array, else KNHK_E_ARG_TYPE. One N-API call.
F32Span f32_arg(const Napi::CallbackInfo& info, size_t index, const char* op, const char* name);

// The bytes of a Uint8Array argument (data is null when it is empty or detached).
struct U8Span {
  uint8_t* data;
  size_t length;
};

// Argument `index` as a Uint8Array, else KNHK_E_ARG_TYPE.
U8Span u8_arg(const Napi::CallbackInfo& info, size_t index, const char* op, const char* name);

// Argument `index` as a number (NaN and infinities included), else KNHK_E_ARG_TYPE.
double number_arg(const Napi::CallbackInfo& info, size_t index, const char* op, const char* name);

// `span` holds exactly `length` elements, else KNHK_E_ARG_LENGTH.
void expect_length(Napi::Env env, const F32Span& span, size_t length, const char* op, const char* name);

// `span` holds at least one element, else KNHK_E_ARG_LENGTH.
void expect_non_empty(Napi::Env env, const F32Span& span, const char* op, const char* name);

// Argument `index` as a count or index: a non-negative integer up to 2^53 - 1; a number
// that is not one is KNHK_E_ARG_RANGE, anything else KNHK_E_ARG_TYPE.
size_t count_arg(const Napi::CallbackInfo& info, size_t index, const char* op, const char* name);

// Argument `index` as a finite number, else KNHK_E_ARG_INVALID (KNHK_E_ARG_TYPE for a non-number).
double finite_arg(const Napi::CallbackInfo& info, size_t index, const char* op, const char* name);

// Argument `index` as a boolean, else KNHK_E_ARG_TYPE.
bool bool_arg(const Napi::CallbackInfo& info, size_t index, const char* op, const char* name);

// Argument `index` as a string, else KNHK_E_ARG_TYPE.
std::string string_arg(const Napi::CallbackInfo& info, size_t index, const char* op, const char* name);

}  // namespace knhk
