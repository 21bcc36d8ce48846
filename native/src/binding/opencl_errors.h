// Coded errors for failed OpenCL calls: out-of-resources codes become
// KNHK_E_OPENCL_OUT_OF_RESOURCES, every other failure KNHK_E_OPENCL_CALL; the error carries
// the OpenCL code as `clError`.
#pragma once

#include <napi.h>

#include <string>

#include "../opencl/cl_api.h"

namespace knhk {

// The knhk code of a failed OpenCL call.
const char* opencl_code(cl::cl_int status);

// A JS Error for a failed call `what` (e.g. "clCreateBuffer of 64 bytes").
Napi::Error opencl_error(Napi::Env env, const std::string& op, const std::string& what, cl::cl_int status);

// Throws opencl_error unless `status` is CL_SUCCESS.
void check_cl(Napi::Env env, cl::cl_int status, const std::string& op, const std::string& what);

}  // namespace knhk
