#include "opencl_errors.h"

#include "../opencl/cl_loader.h"

namespace knhk {

const char* opencl_code(cl::cl_int status) {
  switch (status) {
    case cl::CL_OUT_OF_RESOURCES:
    case cl::CL_OUT_OF_HOST_MEMORY:
    case cl::CL_MEM_OBJECT_ALLOCATION_FAILURE:
    case cl::CL_INVALID_BUFFER_SIZE:
      return "KNHK_E_OPENCL_OUT_OF_RESOURCES";
    default:
      return "KNHK_E_OPENCL_CALL";
  }
}

Napi::Error opencl_error(Napi::Env env, const std::string& op, const std::string& what, cl::cl_int status) {
  const std::string hint = opencl_code(status) == std::string("KNHK_E_OPENCL_OUT_OF_RESOURCES")
                               ? "; free buffers or use smaller sizes"
                               : "";
  Napi::Error error = Napi::Error::New(env, op + ": " + what + " failed with " + cl::error_name(status) + hint);
  error.Set("code", Napi::String::New(env, opencl_code(status)));
  error.Set("clError", Napi::Number::New(env, status));
  return error;
}

void check_cl(Napi::Env env, cl::cl_int status, const std::string& op, const std::string& what) {
  if (status != cl::CL_SUCCESS) throw opencl_error(env, op, what, status);
}

}  // namespace knhk
