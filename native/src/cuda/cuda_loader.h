// Loading the CUDA driver (libcuda.so.1) with dlopen at run time, and naming CUresult codes.
#pragma once

#include <string>

#include "cuda_api.h"

namespace knhk::cu {

// The library loaded when no path is given: the driver's, installed with the NVIDIA driver.
constexpr const char* kDefaultLibrary = "libcuda.so.1";

// The entry points of the library at `path` (loaded once per path and kept for the life of the
// process), or null with `*error` saying why (dlopen's message, or the first missing symbol).
const Api* load(const std::string& path, std::string* error);

// "CUDA_ERROR_OUT_OF_MEMORY (2)": the driver's name (cuGetErrorName) when `api` is given and
// knows the code, else knhk's own table, else "CUDA error <code>".
std::string error_name(const Api* api, CUresult code);

}  // namespace knhk::cu
