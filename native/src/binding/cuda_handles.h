// The handles the CUDA binding gives JS: type-tagged externals (a context, a module, a
// function, device memory, a stream, an event), each holding its context so that nothing is
// used after the context is destroyed. Unwrapping checks the tag (KNHK_E_ARG_TYPE for any other
// value) and that the handle and its context are alive (KNHK_E_BUFFER_RELEASED).
#pragma once

#include <napi.h>

#include <memory>
#include <string>

#include "../cuda/cuda_api.h"

namespace knhk {

struct CudaContextState {
  const cu::Api* api = nullptr;
  cu::CUcontext context = nullptr;
  int ordinal = 0;
  // destroyContext was called: no handle of the context may be used any more.
  bool destroyed = false;
  // cuCtxDestroy ran. destroyContext runs it at once unless pinned host buffers (ArrayBuffers
  // JS may still read) are alive; then it runs when the last of them and every handle is gone.
  bool context_destroyed = false;
  int pinned_buffers = 0;
  // Destroys the context unless that ran already (when JS collected every handle of it).
  ~CudaContextState();
};

using CudaContextRef = std::shared_ptr<CudaContextState>;

struct CudaContextHandle {
  CudaContextRef state;
};
struct CudaModuleHandle {
  CudaContextRef context;
  cu::CUmodule module = nullptr;
  bool unloaded = false;
  ~CudaModuleHandle();  // releases it unless released already or its context is gone
};
struct CudaFunctionHandle {
  CudaContextRef context;
  std::shared_ptr<CudaModuleHandle> module;
  cu::CUfunction function = nullptr;
  std::string name;
};
struct CudaMemoryHandle {
  CudaContextRef context;
  cu::CUdeviceptr pointer = 0;
  size_t bytes = 0;
  bool freed = false;
  ~CudaMemoryHandle();  // releases it unless released already or its context is gone
};
struct CudaStreamHandle {
  CudaContextRef context;
  cu::CUstream stream = nullptr;
  bool destroyed = false;
  ~CudaStreamHandle();  // releases it unless released already or its context is gone
};
struct CudaEventHandle {
  CudaContextRef context;
  cu::CUevent event = nullptr;
  bool destroyed = false;
  ~CudaEventHandle();  // releases it unless released already or its context is gone
};

// Makes the context current on this thread for the scope (cuCtxPushCurrent / cuCtxPopCurrent).
class CudaScope {
 public:
  CudaScope(Napi::Env env, const CudaContextState& state, const char* op);
  ~CudaScope();
  CudaScope(const CudaScope&) = delete;
  CudaScope& operator=(const CudaScope&) = delete;

 private:
  const cu::Api* api_;
};

// Wrapping: a new external for the handle, tagged with its kind; freed when JS collects it.
Napi::Value wrap_context(Napi::Env env, std::shared_ptr<CudaContextHandle> handle);
Napi::Value wrap_module(Napi::Env env, std::shared_ptr<CudaModuleHandle> handle);
Napi::Value wrap_function(Napi::Env env, std::shared_ptr<CudaFunctionHandle> handle);
Napi::Value wrap_memory(Napi::Env env, std::shared_ptr<CudaMemoryHandle> handle);
Napi::Value wrap_stream(Napi::Env env, std::shared_ptr<CudaStreamHandle> handle);
Napi::Value wrap_event(Napi::Env env, std::shared_ptr<CudaEventHandle> handle);

// Unwrapping argument `index` of `op`: KNHK_E_ARG_TYPE unless it is a handle of that kind,
// KNHK_E_BUFFER_RELEASED when it or its context was released.
CudaContextHandle& context_arg(const Napi::CallbackInfo& info, size_t index, const char* op);
std::shared_ptr<CudaModuleHandle> module_arg(const Napi::CallbackInfo& info, size_t index, const char* op);
CudaFunctionHandle& function_arg(const Napi::CallbackInfo& info, size_t index, const char* op);
CudaMemoryHandle& memory_arg(const Napi::CallbackInfo& info, size_t index, const char* op);
CudaStreamHandle& stream_arg(const Napi::CallbackInfo& info, size_t index, const char* op);
CudaEventHandle& event_arg(const Napi::CallbackInfo& info, size_t index, const char* op);
// A memory handle given as an element of an argument array (`what` names it in the message).
std::shared_ptr<CudaMemoryHandle> memory_value(Napi::Env env, const Napi::Value& value, const char* op,
                                               const std::string& what);
// The shared pointer of an event argument (kept alive by work that waits on it).
std::shared_ptr<CudaEventHandle> event_ref(const Napi::CallbackInfo& info, size_t index, const char* op);

// The bytes of an ArrayBuffer view (any typed array or DataView) argument, else KNHK_E_ARG_TYPE.
struct ByteSpan {
  uint8_t* data;
  size_t length;
};
ByteSpan bytes_arg(const Napi::CallbackInfo& info, size_t index, const char* op, const char* name);

}  // namespace knhk
