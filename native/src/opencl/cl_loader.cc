#include "cl_loader.h"

#include <dlfcn.h>

#include <map>
#include <memory>
#include <mutex>

namespace knhk::cl {

namespace {

struct Loaded {
  std::unique_ptr<Api> api;
  std::string error;
};

template <typename Fn>
bool bind(void* library, const char* name, Fn* slot, std::string* missing) {
  void* symbol = dlsym(library, name);
  if (symbol == nullptr) {
    if (missing->empty()) *missing = name;
    return false;
  }
  *slot = reinterpret_cast<Fn>(symbol);
  return true;
}

Loaded open_library(const std::string& path) {
  void* library = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (library == nullptr) {
    const char* message = dlerror();
    return Loaded{nullptr, message != nullptr ? message : "dlopen failed"};
  }
  auto api = std::make_unique<Api>();
  std::string missing;
  bind(library, "clGetPlatformIDs", &api->GetPlatformIDs, &missing);
  bind(library, "clGetPlatformInfo", &api->GetPlatformInfo, &missing);
  bind(library, "clGetDeviceIDs", &api->GetDeviceIDs, &missing);
  bind(library, "clGetDeviceInfo", &api->GetDeviceInfo, &missing);
  bind(library, "clCreateContext", &api->CreateContext, &missing);
  bind(library, "clReleaseContext", &api->ReleaseContext, &missing);
  bind(library, "clCreateCommandQueue", &api->CreateCommandQueue, &missing);
  bind(library, "clReleaseCommandQueue", &api->ReleaseCommandQueue, &missing);
  bind(library, "clCreateProgramWithSource", &api->CreateProgramWithSource, &missing);
  bind(library, "clCreateProgramWithBinary", &api->CreateProgramWithBinary, &missing);
  bind(library, "clBuildProgram", &api->BuildProgram, &missing);
  bind(library, "clGetProgramBuildInfo", &api->GetProgramBuildInfo, &missing);
  bind(library, "clGetProgramInfo", &api->GetProgramInfo, &missing);
  bind(library, "clReleaseProgram", &api->ReleaseProgram, &missing);
  bind(library, "clCreateKernel", &api->CreateKernel, &missing);
  bind(library, "clReleaseKernel", &api->ReleaseKernel, &missing);
  bind(library, "clSetKernelArg", &api->SetKernelArg, &missing);
  bind(library, "clGetKernelWorkGroupInfo", &api->GetKernelWorkGroupInfo, &missing);
  bind(library, "clCreateBuffer", &api->CreateBuffer, &missing);
  bind(library, "clReleaseMemObject", &api->ReleaseMemObject, &missing);
  bind(library, "clEnqueueWriteBuffer", &api->EnqueueWriteBuffer, &missing);
  bind(library, "clEnqueueReadBuffer", &api->EnqueueReadBuffer, &missing);
  bind(library, "clEnqueueFillBuffer", &api->EnqueueFillBuffer, &missing);
  bind(library, "clEnqueueCopyBuffer", &api->EnqueueCopyBuffer, &missing);
  bind(library, "clEnqueueNDRangeKernel", &api->EnqueueNDRangeKernel, &missing);
  bind(library, "clEnqueueMarkerWithWaitList", &api->EnqueueMarkerWithWaitList, &missing);
  bind(library, "clFinish", &api->Finish, &missing);
  bind(library, "clFlush", &api->Flush, &missing);
  bind(library, "clWaitForEvents", &api->WaitForEvents, &missing);
  bind(library, "clReleaseEvent", &api->ReleaseEvent, &missing);
  if (!missing.empty()) {
    dlclose(library);
    return Loaded{nullptr, path + " lacks " + missing + " (an OpenCL 1.2 ICD loader is needed)"};
  }
  return Loaded{std::move(api), ""};
}

}  // namespace

const Api* load(const std::string& path, std::string* error) {
  static std::mutex mutex;
  static std::map<std::string, Loaded> libraries;
  std::lock_guard<std::mutex> lock(mutex);
  auto found = libraries.find(path);
  if (found == libraries.end()) found = libraries.emplace(path, open_library(path)).first;
  if (found->second.api == nullptr) *error = found->second.error;
  return found->second.api.get();
}

std::string error_name(cl_int code) {
  static const std::map<cl_int, const char*> names = {
      {-1, "CL_DEVICE_NOT_FOUND"},
      {-2, "CL_DEVICE_NOT_AVAILABLE"},
      {-3, "CL_COMPILER_NOT_AVAILABLE"},
      {-4, "CL_MEM_OBJECT_ALLOCATION_FAILURE"},
      {-5, "CL_OUT_OF_RESOURCES"},
      {-6, "CL_OUT_OF_HOST_MEMORY"},
      {-7, "CL_PROFILING_INFO_NOT_AVAILABLE"},
      {-8, "CL_MEM_COPY_OVERLAP"},
      {-11, "CL_BUILD_PROGRAM_FAILURE"},
      {-12, "CL_MAP_FAILURE"},
      {-13, "CL_MISALIGNED_SUB_BUFFER_OFFSET"},
      {-14, "CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST"},
      {-30, "CL_INVALID_VALUE"},
      {-32, "CL_INVALID_PLATFORM"},
      {-33, "CL_INVALID_DEVICE"},
      {-34, "CL_INVALID_CONTEXT"},
      {-36, "CL_INVALID_COMMAND_QUEUE"},
      {-38, "CL_INVALID_MEM_OBJECT"},
      {-42, "CL_INVALID_BINARY"},
      {-43, "CL_INVALID_BUILD_OPTIONS"},
      {-44, "CL_INVALID_PROGRAM"},
      {-45, "CL_INVALID_PROGRAM_EXECUTABLE"},
      {-46, "CL_INVALID_KERNEL_NAME"},
      {-48, "CL_INVALID_KERNEL"},
      {-49, "CL_INVALID_ARG_INDEX"},
      {-50, "CL_INVALID_ARG_VALUE"},
      {-51, "CL_INVALID_ARG_SIZE"},
      {-52, "CL_INVALID_KERNEL_ARGS"},
      {-53, "CL_INVALID_WORK_DIMENSION"},
      {-54, "CL_INVALID_WORK_GROUP_SIZE"},
      {-55, "CL_INVALID_WORK_ITEM_SIZE"},
      {-56, "CL_INVALID_GLOBAL_OFFSET"},
      {-57, "CL_INVALID_EVENT_WAIT_LIST"},
      {-58, "CL_INVALID_EVENT"},
      {-61, "CL_INVALID_BUFFER_SIZE"},
      {-63, "CL_INVALID_GLOBAL_WORK_SIZE"},
      {-1001, "CL_PLATFORM_NOT_FOUND_KHR"},
  };
  const auto found = names.find(code);
  const std::string name = found != names.end() ? found->second : "OpenCL error";
  return name + " (" + std::to_string(code) + ")";
}

}  // namespace knhk::cl
