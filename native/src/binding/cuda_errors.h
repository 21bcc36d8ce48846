// Coded errors for failed CUDA driver calls: out-of-memory and launch-out-of-resources become
// KNHK_E_CUDA_OUT_OF_RESOURCES, every other failure KNHK_E_CUDA_CALL; the error carries the
// CUresult as `cuError`.
#pragma once

#include <napi.h>

#include <string>

#include "../cuda/cuda_api.h"

namespace knhk {

// The knhk code of a failed CUDA call.
const char* cuda_code(cu::CUresult status);

// A JS Error for a failed call `what` (e.g. "cuMemAlloc of 64 bytes").
Napi::Error cuda_error(Napi::Env env, const cu::Api* api, const std::string& op, const std::string& what,
                       cu::CUresult status);

// Throws cuda_error unless `status` is CUDA_SUCCESS.
void check_cu(Napi::Env env, const cu::Api* api, cu::CUresult status, const std::string& op, const std::string& what);

}  // namespace knhk
