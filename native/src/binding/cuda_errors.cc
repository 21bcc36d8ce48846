#include "cuda_errors.h"

#include "../cuda/cuda_loader.h"

namespace knhk {

const char* cuda_code(cu::CUresult status) {
  switch (status) {
    case cu::CUDA_ERROR_OUT_OF_MEMORY:
    case cu::CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES:
      return "KNHK_E_CUDA_OUT_OF_RESOURCES";
    default:
      return "KNHK_E_CUDA_CALL";
  }
}

Napi::Error cuda_error(Napi::Env env, const cu::Api* api, const std::string& op, const std::string& what,
                       cu::CUresult status) {
  const bool resources = cuda_code(status) == std::string("KNHK_E_CUDA_OUT_OF_RESOURCES");
  const std::string hint = resources ? "; free device buffers or use smaller sizes" : "";
  Napi::Error error =
      Napi::Error::New(env, op + ": " + what + " failed with " + cu::error_name(api, status) + hint);
  error.Set("code", Napi::String::New(env, cuda_code(status)));
  error.Set("cuError", Napi::Number::New(env, status));
  return error;
}

void check_cu(Napi::Env env, const cu::Api* api, cu::CUresult status, const std::string& op, const std::string& what) {
  if (status != cu::CUDA_SUCCESS) throw cuda_error(env, api, op, what, status);
}

}  // namespace knhk
