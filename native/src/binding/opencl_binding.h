// The OpenCL binding, as JS functions: opencl.load(), opencl.devices() and opencl.Context.
#pragma once

#include <napi.h>

namespace knhk {

// Sets `opencl` on `exports`.
void add_opencl_functions(Napi::Env env, Napi::Object exports);

}  // namespace knhk
