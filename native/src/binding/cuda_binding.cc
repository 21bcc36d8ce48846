// cuda.load(library): whether the driver library loads with every entry point; never throws.
// cuda.init(library): cuInit, the driver version and the device count, or why not; never throws.
// cuda.devices(library): each device with its name, compute capability, SMs and memory.
// cuda.createContext(library, ordinal) / destroyContext(context) / memGetInfo(context).
// cuda.loadModule(context, image) / unloadModule(module) / getFunction(module, name).
#include "cuda_binding.h"

#include <memory>
#include <string>
#include <vector>

#include "../cuda/cuda_loader.h"
#include "args.h"
#include "cuda_errors.h"
#include "cuda_handles.h"
#include "errors.h"

namespace knhk {

namespace {

using namespace cu;

// Bytes of each JIT log buffer given to cuModuleLoadDataEx.
constexpr size_t kJitLogBytes = 16384;

const Api* loaded(const std::string& library, std::string* error) { return cu::load(library, error); }

Napi::Value load_library(const Napi::CallbackInfo& info) {
  const char* op = "cuda.load";
  expect_arg_count(info, 1, op);
  std::string error;
  const Api* api = loaded(string_arg(info, 0, op, "library"), &error);
  Napi::Object result = Napi::Object::New(info.Env());
  result.Set("ok", api != nullptr);
  if (api == nullptr) result.Set("reason", error);
  return result;
}

// { ok: true, driverVersion, deviceCount } or { ok: false, reason, cuError? }.
Napi::Value init_driver(const Napi::CallbackInfo& info) {
  const char* op = "cuda.init";
  expect_arg_count(info, 1, op);
  const std::string library = string_arg(info, 0, op, "library");
  Napi::Object result = Napi::Object::New(info.Env());
  std::string error;
  const Api* api = loaded(library, &error);
  if (api == nullptr) {
    result.Set("ok", false);
    result.Set("reason", error);
    return result;
  }
  int version = 0;
  const CUresult version_status = api->DriverGetVersion(&version);
  const CUresult init_status = api->Init(0);
  int count = 0;
  const CUresult count_status = init_status == CUDA_SUCCESS ? api->DeviceGetCount(&count) : init_status;
  result.Set("ok", count_status == CUDA_SUCCESS);
  if (version_status == CUDA_SUCCESS) result.Set("driverVersion", version);
  if (count_status != CUDA_SUCCESS) {
    const char* call = init_status != CUDA_SUCCESS ? "cuInit" : "cuDeviceGetCount";
    result.Set("reason", std::string(call) + " failed with " + error_name(api, count_status));
    result.Set("cuError", count_status);
  } else {
    result.Set("deviceCount", count);
  }
  return result;
}

int attribute(Napi::Env env, const Api& api, CUdevice device, CUdevice_attribute which, const char* op) {
  int value = 0;
  check_cu(env, &api, api.DeviceGetAttribute(&value, which, device), op, "cuDeviceGetAttribute");
  return value;
}

Napi::Object describe(Napi::Env env, const Api& api, int ordinal, const char* op) {
  CUdevice device = 0;
  check_cu(env, &api, api.DeviceGet(&device, ordinal), op, "cuDeviceGet");
  char name[256] = {0};
  check_cu(env, &api, api.DeviceGetName(name, sizeof(name) - 1, device), op, "cuDeviceGetName");
  size_t total = 0;
  check_cu(env, &api, api.DeviceTotalMem(&total, device), op, "cuDeviceTotalMem");
  Napi::Object d = Napi::Object::New(env);
  d.Set("ordinal", ordinal);
  d.Set("name", std::string(name));
  d.Set("computeCapabilityMajor", attribute(env, api, device, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, op));
  d.Set("computeCapabilityMinor", attribute(env, api, device, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, op));
  d.Set("multiprocessors", attribute(env, api, device, CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT, op));
  d.Set("totalMemBytes", static_cast<double>(total));
  d.Set("clockKhz", attribute(env, api, device, CU_DEVICE_ATTRIBUTE_CLOCK_RATE, op));
  d.Set("memoryClockKhz", attribute(env, api, device, CU_DEVICE_ATTRIBUTE_MEMORY_CLOCK_RATE, op));
  d.Set("memoryBusWidthBits", attribute(env, api, device, CU_DEVICE_ATTRIBUTE_GLOBAL_MEMORY_BUS_WIDTH, op));
  d.Set("warpSize", attribute(env, api, device, CU_DEVICE_ATTRIBUTE_WARP_SIZE, op));
  d.Set("maxThreadsPerBlock", attribute(env, api, device, CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_BLOCK, op));
  d.Set("sharedMemPerBlockBytes", attribute(env, api, device, CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK, op));
  d.Set("pciBusId", attribute(env, api, device, CU_DEVICE_ATTRIBUTE_PCI_BUS_ID, op));
  return d;
}

int device_count(Napi::Env env, const Api& api, const char* op) {
  int count = 0;
  check_cu(env, &api, api.DeviceGetCount(&count), op, "cuDeviceGetCount");
  return count;
}

Napi::Value devices(const Napi::CallbackInfo& info) {
  const char* op = "cuda.devices";
  expect_arg_count(info, 1, op);
  const Api& api = initialised_driver(info.Env(), string_arg(info, 0, op, "library"), op);
  Napi::Array result = Napi::Array::New(info.Env());
  const int count = device_count(info.Env(), api, op);
  for (int i = 0; i < count; ++i) result.Set(static_cast<uint32_t>(i), describe(info.Env(), api, i, op));
  return result;
}

Napi::Value create_context(const Napi::CallbackInfo& info) {
  const char* op = "cuda.createContext";
  expect_arg_count(info, 2, op);
  const std::string library = string_arg(info, 0, op, "library");
  const size_t ordinal = count_arg(info, 1, op, "ordinal");
  const Api& api = initialised_driver(info.Env(), library, op);
  const int count = device_count(info.Env(), api, op);
  if (ordinal >= static_cast<size_t>(count)) {
    throw_coded(info.Env(), "KNHK_E_ARG_RANGE",
                std::string(op) + ": there is no CUDA device " + std::to_string(ordinal) + " (found " +
                    std::to_string(count) + ")");
  }
  CUdevice device = 0;
  check_cu(info.Env(), &api, api.DeviceGet(&device, static_cast<int>(ordinal)), op, "cuDeviceGet");
  auto state = std::make_shared<CudaContextState>();
  state->api = &api;
  state->ordinal = static_cast<int>(ordinal);
  check_cu(info.Env(), &api, api.CtxCreate(&state->context, CU_CTX_SCHED_BLOCKING_SYNC, device), op, "cuCtxCreate");
  // cuCtxCreate makes the new context current on this thread; the binding pushes it per call.
  CUcontext popped = nullptr;
  api.CtxPopCurrent(&popped);
  return wrap_context(info.Env(), std::make_shared<CudaContextHandle>(CudaContextHandle{state}));
}

Napi::Value destroy_context(const Napi::CallbackInfo& info) {
  const char* op = "cuda.destroyContext";
  expect_arg_count(info, 1, op);
  CudaContextHandle& handle = context_arg(info, 0, op);
  CudaContextState& state = *handle.state;
  state.destroyed = true;
  if (state.pinned_buffers > 0) return info.Env().Undefined();  // destroyed with the last pinned buffer
  state.context_destroyed = true;
  check_cu(info.Env(), state.api, state.api->CtxDestroy(state.context), op, "cuCtxDestroy");
  return info.Env().Undefined();
}

// { freeBytes, totalBytes } of the context's device.
Napi::Value mem_get_info(const Napi::CallbackInfo& info) {
  const char* op = "cuda.memGetInfo";
  expect_arg_count(info, 1, op);
  CudaContextHandle& handle = context_arg(info, 0, op);
  CudaScope scope(info.Env(), *handle.state, op);
  size_t free_bytes = 0;
  size_t total_bytes = 0;
  check_cu(info.Env(), handle.state->api, handle.state->api->MemGetInfo(&free_bytes, &total_bytes), op, "cuMemGetInfo");
  Napi::Object result = Napi::Object::New(info.Env());
  result.Set("freeBytes", static_cast<double>(free_bytes));
  result.Set("totalBytes", static_cast<double>(total_bytes));
  return result;
}

// loadModule(context, image): a fatbin, cubin or PTX (NUL-terminated here). A rejected image is
// KNHK_E_CUDA_MODULE with the driver's JIT error log as the error's `log`.
Napi::Value load_module(const Napi::CallbackInfo& info) {
  const char* op = "cuda.loadModule";
  expect_arg_count(info, 2, op);
  const U8Span image = u8_arg(info, 1, op, "image");
  if (image.length == 0 || image.data == nullptr) {
    throw_coded(info.Env(), "KNHK_E_ARG_LENGTH", std::string(op) + ": image is empty (or detached)");
  }
  CudaContextHandle& handle = context_arg(info, 0, op);
  std::vector<uint8_t> bytes(image.data, image.data + image.length);
  bytes.push_back(0);
  std::vector<char> error_log(kJitLogBytes, '\0');
  std::vector<char> info_log(kJitLogBytes, '\0');
  CUjit_option options[] = {CU_JIT_ERROR_LOG_BUFFER, CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES, CU_JIT_INFO_LOG_BUFFER,
                            CU_JIT_INFO_LOG_BUFFER_SIZE_BYTES, CU_JIT_LOG_VERBOSE};
  void* values[] = {error_log.data(), reinterpret_cast<void*>(kJitLogBytes - 1), info_log.data(),
                    reinterpret_cast<void*>(kJitLogBytes - 1), reinterpret_cast<void*>(static_cast<size_t>(1))};
  auto module = std::make_shared<CudaModuleHandle>();
  module->context = handle.state;
  const Api* api = handle.state->api;
  CudaScope scope(info.Env(), *handle.state, op);
  const CUresult status = api->ModuleLoadDataEx(&module->module, bytes.data(), 5, options, values);
  if (status != CUDA_SUCCESS) {
    module->unloaded = true;
    const std::string log(error_log.data());
    Napi::Error error = Napi::Error::New(
        info.Env(), std::string(op) + ": cuModuleLoadDataEx failed with " + error_name(api, status) +
                        (log.empty() ? "" : ": " + log) +
                        "; rebuild the kernels (`npm run build:kernels -w @knhk/backend-cuda`) or update the driver");
    error.Set("code", Napi::String::New(info.Env(), "KNHK_E_CUDA_MODULE"));
    error.Set("cuError", Napi::Number::New(info.Env(), status));
    error.Set("log", Napi::String::New(info.Env(), log));
    throw error;
  }
  return wrap_module(info.Env(), module);
}

Napi::Value unload_module(const Napi::CallbackInfo& info) {
  const char* op = "cuda.unloadModule";
  expect_arg_count(info, 1, op);
  std::shared_ptr<CudaModuleHandle> module = module_arg(info, 0, op);
  CudaScope scope(info.Env(), *module->context, op);
  module->unloaded = true;
  check_cu(info.Env(), module->context->api, module->context->api->ModuleUnload(module->module), op,
           "cuModuleUnload");
  return info.Env().Undefined();
}

Napi::Value get_function(const Napi::CallbackInfo& info) {
  const char* op = "cuda.getFunction";
  expect_arg_count(info, 2, op);
  const std::string name = string_arg(info, 1, op, "name");
  if (name.empty()) throw_coded(info.Env(), "KNHK_E_ARG_INVALID", std::string(op) + ": name is empty");
  std::shared_ptr<CudaModuleHandle> module = module_arg(info, 0, op);
  auto function = std::make_shared<CudaFunctionHandle>();
  function->context = module->context;
  function->module = module;
  function->name = name;
  CudaScope scope(info.Env(), *module->context, op);
  check_cu(info.Env(), module->context->api,
           module->context->api->ModuleGetFunction(&function->function, module->module, name.c_str()), op,
           "cuModuleGetFunction of " + name);
  return wrap_function(info.Env(), function);
}

}  // namespace

const cu::Api& initialised_driver(Napi::Env env, const std::string& library, const char* op) {
  std::string error;
  const Api* api = loaded(library, &error);
  if (api == nullptr) throw_coded(env, "KNHK_E_PLUGIN_UNAVAILABLE", std::string(op) + ": " + error);
  const CUresult status = api->Init(0);
  if (status != CUDA_SUCCESS) {
    throw_coded(env, "KNHK_E_PLUGIN_UNAVAILABLE", std::string(op) + ": cuInit failed with " + error_name(api, status));
  }
  return *api;
}

void add_cuda_functions(Napi::Env env, Napi::Object exports) {
  Napi::Object cuda = Napi::Object::New(env);
  cuda.Set("load", Napi::Function::New(env, load_library, "load"));
  cuda.Set("init", Napi::Function::New(env, init_driver, "init"));
  cuda.Set("devices", Napi::Function::New(env, devices, "devices"));
  cuda.Set("createContext", Napi::Function::New(env, create_context, "createContext"));
  cuda.Set("destroyContext", Napi::Function::New(env, destroy_context, "destroyContext"));
  cuda.Set("memGetInfo", Napi::Function::New(env, mem_get_info, "memGetInfo"));
  cuda.Set("loadModule", Napi::Function::New(env, load_module, "loadModule"));
  cuda.Set("unloadModule", Napi::Function::New(env, unload_module, "unloadModule"));
  cuda.Set("getFunction", Napi::Function::New(env, get_function, "getFunction"));
  add_cuda_queue_functions(env, cuda);
  exports.Set("cuda", cuda);
}

}  // namespace knhk
