// Coded JS errors thrown from the N-API boundary: an Error whose `code` is a knhk code.
#pragma once

#include <napi.h>

#include <string>

namespace knhk {

// Throws a JS Error with `code` set (as a C++ exception node-addon-api turns into a JS throw).
[[noreturn]] void throw_coded(Napi::Env env, const char* code, const std::string& message);

}  // namespace knhk
