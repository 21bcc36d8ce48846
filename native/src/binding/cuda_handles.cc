#include "cuda_handles.h"

#include <string>

#include "cuda_errors.h"
#include "errors.h"

namespace knhk {

namespace {

// One tag per kind of handle (random 128-bit values).
constexpr napi_type_tag kContextTag = {0x6b6e686b63756461ULL, 0x01c0a7e1d2b3f405ULL};
constexpr napi_type_tag kModuleTag = {0x6b6e686b63756461ULL, 0x02d1b8f2e3c40516ULL};
constexpr napi_type_tag kFunctionTag = {0x6b6e686b63756461ULL, 0x03e2c903f4d51627ULL};
constexpr napi_type_tag kMemoryTag = {0x6b6e686b63756461ULL, 0x04f3da1405e62738ULL};
constexpr napi_type_tag kStreamTag = {0x6b6e686b63756461ULL, 0x0504eb2516f73849ULL};
constexpr napi_type_tag kEventTag = {0x6b6e686b63756461ULL, 0x0615fc362708495aULL};

// Runs `release` with the context current, when the context is still alive; errors are ignored
// (this is cleanup after the owner dropped the handle).
template <typename Release>
void release_in(const CudaContextRef& context, Release release) {
  if (context == nullptr || context->destroyed || context->api == nullptr) return;
  if (context->api->CtxPushCurrent(context->context) != cu::CUDA_SUCCESS) return;
  release(*context->api);
  cu::CUcontext popped = nullptr;
  context->api->CtxPopCurrent(&popped);
}

template <typename T>
Napi::Value wrap(Napi::Env env, std::shared_ptr<T> handle, const napi_type_tag* tag) {
  auto external = Napi::External<std::shared_ptr<T>>::New(env, new std::shared_ptr<T>(std::move(handle)),
                                                          [](Napi::Env, std::shared_ptr<T>* held) { delete held; });
  external.TypeTag(tag);
  return external;
}

template <typename T>
std::shared_ptr<T> unwrap_value(Napi::Env env, const Napi::Value& value, const napi_type_tag* tag, const char* op,
                                const std::string& what, const char* kind) {
  if (!value.IsExternal() || !value.As<Napi::External<std::shared_ptr<T>>>().CheckTypeTag(tag)) {
    throw_coded(env, "KNHK_E_ARG_TYPE",
                std::string(op) + ": " + what + " must be a CUDA " + kind + " handle from this binding");
  }
  return *value.As<Napi::External<std::shared_ptr<T>>>().Data();
}

template <typename T>
std::shared_ptr<T> unwrap(const Napi::CallbackInfo& info, size_t index, const napi_type_tag* tag, const char* op,
                          const char* kind) {
  return unwrap_value<T>(info.Env(), info[index], tag, op, "argument " + std::to_string(index), kind);
}

void expect_alive(Napi::Env env, const CudaContextRef& context, bool released, const char* op, const char* kind) {
  if (released) throw_coded(env, "KNHK_E_BUFFER_RELEASED", std::string(op) + ": the CUDA " + kind + " was released");
  if (context->destroyed) {
    throw_coded(env, "KNHK_E_BUFFER_RELEASED",
                std::string(op) + ": the CUDA context of this " + kind + " was destroyed");
  }
}

}  // namespace

CudaContextState::~CudaContextState() {
  if (!context_destroyed && api != nullptr && context != nullptr) api->CtxDestroy(context);
}

CudaModuleHandle::~CudaModuleHandle() {
  if (!unloaded) release_in(context, [this](const cu::Api& api) { api.ModuleUnload(module); });
}

CudaMemoryHandle::~CudaMemoryHandle() {
  if (!freed) release_in(context, [this](const cu::Api& api) { api.MemFree(pointer); });
}

CudaStreamHandle::~CudaStreamHandle() {
  if (!destroyed) release_in(context, [this](const cu::Api& api) { api.StreamDestroy(stream); });
}

CudaEventHandle::~CudaEventHandle() {
  if (!destroyed) release_in(context, [this](const cu::Api& api) { api.EventDestroy(event); });
}

CudaScope::CudaScope(Napi::Env env, const CudaContextState& state, const char* op) : api_(state.api) {
  check_cu(env, api_, api_->CtxPushCurrent(state.context), op, "cuCtxPushCurrent");
}

CudaScope::~CudaScope() {
  cu::CUcontext popped = nullptr;
  api_->CtxPopCurrent(&popped);
}

Napi::Value wrap_context(Napi::Env env, std::shared_ptr<CudaContextHandle> handle) {
  return wrap(env, std::move(handle), &kContextTag);
}
Napi::Value wrap_module(Napi::Env env, std::shared_ptr<CudaModuleHandle> handle) {
  return wrap(env, std::move(handle), &kModuleTag);
}
Napi::Value wrap_function(Napi::Env env, std::shared_ptr<CudaFunctionHandle> handle) {
  return wrap(env, std::move(handle), &kFunctionTag);
}
Napi::Value wrap_memory(Napi::Env env, std::shared_ptr<CudaMemoryHandle> handle) {
  return wrap(env, std::move(handle), &kMemoryTag);
}
Napi::Value wrap_stream(Napi::Env env, std::shared_ptr<CudaStreamHandle> handle) {
  return wrap(env, std::move(handle), &kStreamTag);
}
Napi::Value wrap_event(Napi::Env env, std::shared_ptr<CudaEventHandle> handle) {
  return wrap(env, std::move(handle), &kEventTag);
}

CudaContextHandle& context_arg(const Napi::CallbackInfo& info, size_t index, const char* op) {
  CudaContextHandle& handle = *unwrap<CudaContextHandle>(info, index, &kContextTag, op, "context");
  expect_alive(info.Env(), handle.state, false, op, "context");
  return handle;
}

std::shared_ptr<CudaModuleHandle> module_arg(const Napi::CallbackInfo& info, size_t index, const char* op) {
  std::shared_ptr<CudaModuleHandle> handle = unwrap<CudaModuleHandle>(info, index, &kModuleTag, op, "module");
  expect_alive(info.Env(), handle->context, handle->unloaded, op, "module");
  return handle;
}

CudaFunctionHandle& function_arg(const Napi::CallbackInfo& info, size_t index, const char* op) {
  CudaFunctionHandle& handle = *unwrap<CudaFunctionHandle>(info, index, &kFunctionTag, op, "function");
  expect_alive(info.Env(), handle.context, handle.module->unloaded, op, "function's module");
  return handle;
}

CudaMemoryHandle& memory_arg(const Napi::CallbackInfo& info, size_t index, const char* op) {
  CudaMemoryHandle& handle = *unwrap<CudaMemoryHandle>(info, index, &kMemoryTag, op, "memory");
  expect_alive(info.Env(), handle.context, handle.freed, op, "memory");
  return handle;
}

CudaStreamHandle& stream_arg(const Napi::CallbackInfo& info, size_t index, const char* op) {
  CudaStreamHandle& handle = *unwrap<CudaStreamHandle>(info, index, &kStreamTag, op, "stream");
  expect_alive(info.Env(), handle.context, handle.destroyed, op, "stream");
  return handle;
}

CudaEventHandle& event_arg(const Napi::CallbackInfo& info, size_t index, const char* op) {
  CudaEventHandle& handle = *unwrap<CudaEventHandle>(info, index, &kEventTag, op, "event");
  expect_alive(info.Env(), handle.context, handle.destroyed, op, "event");
  return handle;
}

std::shared_ptr<CudaMemoryHandle> memory_value(Napi::Env env, const Napi::Value& value, const char* op,
                                               const std::string& what) {
  std::shared_ptr<CudaMemoryHandle> handle = unwrap_value<CudaMemoryHandle>(env, value, &kMemoryTag, op, what, "memory");
  expect_alive(env, handle->context, handle->freed, op, "memory");
  return handle;
}

std::shared_ptr<CudaEventHandle> event_ref(const Napi::CallbackInfo& info, size_t index, const char* op) {
  std::shared_ptr<CudaEventHandle> handle = unwrap<CudaEventHandle>(info, index, &kEventTag, op, "event");
  expect_alive(info.Env(), handle->context, handle->destroyed, op, "event");
  return handle;
}

ByteSpan bytes_arg(const Napi::CallbackInfo& info, size_t index, const char* op, const char* name) {
  const napi_env env = info.Env();
  const napi_value value = info[index];
  bool is_typed_array = false;
  bool is_data_view = false;
  void* data = nullptr;
  size_t length = 0;
  if (napi_is_typedarray(env, value, &is_typed_array) == napi_ok && is_typed_array) {
    napi_typedarray_type type = napi_uint8_array;
    size_t elements = 0;
    napi_value buffer = nullptr;
    size_t offset = 0;
    if (napi_get_typedarray_info(env, value, &type, &elements, &data, &buffer, &offset) == napi_ok) {
      length = Napi::TypedArray(env, value).ByteLength();
      return ByteSpan{static_cast<uint8_t*>(data), length};
    }
  }
  if (napi_is_dataview(env, value, &is_data_view) == napi_ok && is_data_view &&
      napi_get_dataview_info(env, value, &length, &data, nullptr, nullptr) == napi_ok) {
    return ByteSpan{static_cast<uint8_t*>(data), length};
  }
  throw_coded(info.Env(), "KNHK_E_ARG_TYPE", std::string(op) + ": " + name + " must be a typed array or DataView");
}

}  // namespace knhk
