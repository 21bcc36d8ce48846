// Loading the OpenCL ICD loader with dlopen at run time, and naming OpenCL error codes.
#pragma once

#include <string>

#include "cl_api.h"

namespace knhk::cl {

// The library loaded when no path is given.
constexpr const char* kDefaultLibrary = "libOpenCL.so.1";

// The entry points of the library at `path` (loaded once per path and kept for the life of
// the process), or null with `*error` saying why (dlopen's message, or the missing symbol).
const Api* load(const std::string& path, std::string* error);

// "CL_OUT_OF_RESOURCES (-5)" and so on; "OpenCL error <code>" for codes it does not name.
std::string error_name(cl_int code);

}  // namespace knhk::cl
