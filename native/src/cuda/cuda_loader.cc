#include "cuda_loader.h"

#include <dlfcn.h>

#include <map>
#include <memory>
#include <mutex>

namespace knhk::cu {

namespace {

struct Loaded {
  std::unique_ptr<Api> api;
  std::string error;
};

template <typename Fn>
void bind(void* library, const char* name, Fn* slot, std::string* missing) {
  void* symbol = dlsym(library, name);
  if (symbol == nullptr) {
    if (missing->empty()) *missing = name;
    return;
  }
  *slot = reinterpret_cast<Fn>(symbol);
}

Loaded open_library(const std::string& path) {
  void* library = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (library == nullptr) {
    const char* message = dlerror();
    return Loaded{nullptr, message != nullptr ? message : "dlopen failed"};
  }
  auto api = std::make_unique<Api>();
  std::string missing;
  bind(library, "cuInit", &api->Init, &missing);
  bind(library, "cuDriverGetVersion", &api->DriverGetVersion, &missing);
  bind(library, "cuDeviceGetCount", &api->DeviceGetCount, &missing);
  bind(library, "cuDeviceGet", &api->DeviceGet, &missing);
  bind(library, "cuDeviceGetName", &api->DeviceGetName, &missing);
  bind(library, "cuDeviceGetAttribute", &api->DeviceGetAttribute, &missing);
  bind(library, "cuDeviceTotalMem_v2", &api->DeviceTotalMem, &missing);
  bind(library, "cuCtxCreate_v2", &api->CtxCreate, &missing);
  bind(library, "cuCtxDestroy_v2", &api->CtxDestroy, &missing);
  bind(library, "cuCtxPushCurrent_v2", &api->CtxPushCurrent, &missing);
  bind(library, "cuCtxPopCurrent_v2", &api->CtxPopCurrent, &missing);
  bind(library, "cuModuleLoadDataEx", &api->ModuleLoadDataEx, &missing);
  bind(library, "cuModuleUnload", &api->ModuleUnload, &missing);
  bind(library, "cuModuleGetFunction", &api->ModuleGetFunction, &missing);
  bind(library, "cuMemAlloc_v2", &api->MemAlloc, &missing);
  bind(library, "cuMemFree_v2", &api->MemFree, &missing);
  bind(library, "cuMemGetInfo_v2", &api->MemGetInfo, &missing);
  bind(library, "cuMemHostAlloc", &api->MemHostAlloc, &missing);
  bind(library, "cuMemFreeHost", &api->MemFreeHost, &missing);
  bind(library, "cuMemcpyHtoDAsync_v2", &api->MemcpyHtoDAsync, &missing);
  bind(library, "cuMemcpyDtoHAsync_v2", &api->MemcpyDtoHAsync, &missing);
  bind(library, "cuStreamCreate", &api->StreamCreate, &missing);
  bind(library, "cuStreamDestroy_v2", &api->StreamDestroy, &missing);
  bind(library, "cuEventCreate", &api->EventCreate, &missing);
  bind(library, "cuEventRecord", &api->EventRecord, &missing);
  bind(library, "cuEventSynchronize", &api->EventSynchronize, &missing);
  bind(library, "cuEventDestroy_v2", &api->EventDestroy, &missing);
  bind(library, "cuLaunchKernel", &api->LaunchKernel, &missing);
  bind(library, "cuGetErrorName", &api->GetErrorName, &missing);
  if (!missing.empty()) {
    dlclose(library);
    return Loaded{nullptr, path + " lacks " + missing + " (it is not the CUDA driver library, or a driver older than CUDA 6.0)"};
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

std::string error_name(const Api* api, CUresult code) {
  const char* driver_name = nullptr;
  if (api != nullptr && api->GetErrorName(code, &driver_name) == CUDA_SUCCESS && driver_name != nullptr) {
    return std::string(driver_name) + " (" + std::to_string(code) + ")";
  }
  static const std::map<CUresult, const char*> names = {
      {CUDA_ERROR_INVALID_VALUE, "CUDA_ERROR_INVALID_VALUE"},
      {CUDA_ERROR_OUT_OF_MEMORY, "CUDA_ERROR_OUT_OF_MEMORY"},
      {CUDA_ERROR_NOT_INITIALIZED, "CUDA_ERROR_NOT_INITIALIZED"},
      {CUDA_ERROR_STUB_LIBRARY, "CUDA_ERROR_STUB_LIBRARY"},
      {CUDA_ERROR_NO_DEVICE, "CUDA_ERROR_NO_DEVICE"},
      {CUDA_ERROR_INVALID_DEVICE, "CUDA_ERROR_INVALID_DEVICE"},
      {CUDA_ERROR_INVALID_IMAGE, "CUDA_ERROR_INVALID_IMAGE"},
      {CUDA_ERROR_NO_BINARY_FOR_GPU, "CUDA_ERROR_NO_BINARY_FOR_GPU"},
      {CUDA_ERROR_INVALID_PTX, "CUDA_ERROR_INVALID_PTX"},
      {CUDA_ERROR_UNSUPPORTED_PTX_VERSION, "CUDA_ERROR_UNSUPPORTED_PTX_VERSION"},
      {CUDA_ERROR_NOT_FOUND, "CUDA_ERROR_NOT_FOUND"},
      {CUDA_ERROR_NOT_READY, "CUDA_ERROR_NOT_READY"},
      {CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES, "CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES"},
  };
  const auto found = names.find(code);
  const std::string name = found != names.end() ? found->second : "CUDA error";
  return name + " (" + std::to_string(code) + ")";
}

}  // namespace knhk::cu
