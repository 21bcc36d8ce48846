// The CUDA binding's memory and queue functions (see cuda_binding.h):
// memAlloc(context, bytes) / memFree(memory); memHostAlloc(context, bytes): a pinned ArrayBuffer;
// streamCreate(context) / streamDestroy(stream);
// memcpyHtoDAsync(memory, byteOffset, source, stream) / memcpyDtoHAsync(target, memory, byteOffset, stream):
//   queued on the stream; the host bytes must stay alive and unchanged until an event recorded
//   after them has completed;
// eventCreate(context) / eventRecord(event, stream) / eventSynchronize(event): a Promise / eventDestroy(event);
// launch(function, grid, block, sharedBytes, stream, types, args): cuLaunchKernel, one letter of
//   `types` per argument: p device memory, i int32, u uint32, f float, z size_t.
// Every argument is checked before any handle is used: counts and ranges first, then handles.
#include <array>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "../cuda/cuda_loader.h"
#include "args.h"
#include "cuda_binding.h"
#include "cuda_errors.h"
#include "cuda_handles.h"
#include "errors.h"

namespace knhk {

namespace {

using namespace cu;

void expect_same_context(Napi::Env env, const CudaContextRef& a, const CudaContextRef& b, const char* op,
                         const std::string& what) {
  if (a == b) return;
  throw_coded(env, "KNHK_E_ARG_INVALID",
              std::string(op) + ": " + what + " belongs to the context of CUDA device " + std::to_string(b->ordinal) +
                  ", the call runs in the context of device " + std::to_string(a->ordinal) +
                  "; copy the data to a buffer of that context first");
}

Napi::Value mem_alloc(const Napi::CallbackInfo& info) {
  const char* op = "cuda.memAlloc";
  expect_arg_count(info, 2, op);
  const size_t bytes = count_arg(info, 1, op, "bytes");
  if (bytes == 0) throw_coded(info.Env(), "KNHK_E_ARG_RANGE", std::string(op) + ": bytes must be at least 1");
  CudaContextHandle& context = context_arg(info, 0, op);
  auto memory = std::make_shared<CudaMemoryHandle>();
  memory->context = context.state;
  memory->bytes = bytes;
  CudaScope scope(info.Env(), *context.state, op);
  const CUresult status = context.state->api->MemAlloc(&memory->pointer, bytes);
  if (status != CUDA_SUCCESS) {
    memory->freed = true;
    throw cuda_error(info.Env(), context.state->api, op, "cuMemAlloc of " + std::to_string(bytes) + " bytes", status);
  }
  return wrap_memory(info.Env(), memory);
}

Napi::Value mem_free(const Napi::CallbackInfo& info) {
  const char* op = "cuda.memFree";
  expect_arg_count(info, 1, op);
  CudaMemoryHandle& memory = memory_arg(info, 0, op);
  CudaScope scope(info.Env(), *memory.context, op);
  memory.freed = true;
  check_cu(info.Env(), memory.context->api, memory.context->api->MemFree(memory.pointer), op, "cuMemFree");
  return info.Env().Undefined();
}

struct PinnedHost {
  CudaContextRef context;
  void* data;
};

Napi::Value mem_host_alloc(const Napi::CallbackInfo& info) {
  const char* op = "cuda.memHostAlloc";
  expect_arg_count(info, 2, op);
  const size_t bytes = count_arg(info, 1, op, "bytes");
  if (bytes == 0) throw_coded(info.Env(), "KNHK_E_ARG_RANGE", std::string(op) + ": bytes must be at least 1");
  CudaContextHandle& context = context_arg(info, 0, op);
  void* data = nullptr;
  {
    CudaScope scope(info.Env(), *context.state, op);
    const CUresult status = context.state->api->MemHostAlloc(&data, bytes, kMemHostAllocPortable);
    if (status != CUDA_SUCCESS) {
      throw cuda_error(info.Env(), context.state->api, op, "cuMemHostAlloc of " + std::to_string(bytes) + " bytes",
                       status);
    }
  }
  auto* pinned = new PinnedHost{context.state, data};
  context.state->pinned_buffers += 1;
  // The buffer holds its context: a destroyContext before it is collected destroys the context
  // only after this frees the memory (see CudaContextState).
  return Napi::ArrayBuffer::New(
      info.Env(), data, bytes,
      [](Napi::Env, void*, PinnedHost* held) {
        CudaContextState& state = *held->context;
        if (!state.context_destroyed && state.api->CtxPushCurrent(state.context) == CUDA_SUCCESS) {
          state.api->MemFreeHost(held->data);
          CUcontext popped = nullptr;
          state.api->CtxPopCurrent(&popped);
        }
        state.pinned_buffers -= 1;
        delete held;
      },
      pinned);
}

Napi::Value stream_create(const Napi::CallbackInfo& info) {
  const char* op = "cuda.streamCreate";
  expect_arg_count(info, 1, op);
  CudaContextHandle& context = context_arg(info, 0, op);
  auto stream = std::make_shared<CudaStreamHandle>();
  stream->context = context.state;
  CudaScope scope(info.Env(), *context.state, op);
  const CUresult status = context.state->api->StreamCreate(&stream->stream, CU_STREAM_NON_BLOCKING);
  if (status != CUDA_SUCCESS) {
    stream->destroyed = true;
    throw cuda_error(info.Env(), context.state->api, op, "cuStreamCreate", status);
  }
  return wrap_stream(info.Env(), stream);
}

Napi::Value stream_destroy(const Napi::CallbackInfo& info) {
  const char* op = "cuda.streamDestroy";
  expect_arg_count(info, 1, op);
  CudaStreamHandle& stream = stream_arg(info, 0, op);
  CudaScope scope(info.Env(), *stream.context, op);
  stream.destroyed = true;
  check_cu(info.Env(), stream.context->api, stream.context->api->StreamDestroy(stream.stream), op, "cuStreamDestroy");
  return info.Env().Undefined();
}

void expect_inside(Napi::Env env, const CudaMemoryHandle& memory, size_t offset, size_t bytes, const char* op) {
  if (offset <= memory.bytes && bytes <= memory.bytes - offset) return;
  throw_coded(env, "KNHK_E_ARG_RANGE",
              std::string(op) + ": " + std::to_string(bytes) + " bytes at byte offset " + std::to_string(offset) +
                  " do not fit the device memory of " + std::to_string(memory.bytes) + " bytes");
}

Napi::Value memcpy_htod_async(const Napi::CallbackInfo& info) {
  const char* op = "cuda.memcpyHtoDAsync";
  expect_arg_count(info, 4, op);
  const size_t offset = count_arg(info, 1, op, "byteOffset");
  const ByteSpan source = bytes_arg(info, 2, op, "source");
  CudaMemoryHandle& memory = memory_arg(info, 0, op);
  CudaStreamHandle& stream = stream_arg(info, 3, op);
  expect_same_context(info.Env(), stream.context, memory.context, op, "the memory");
  expect_inside(info.Env(), memory, offset, source.length, op);
  if (source.length == 0) return info.Env().Undefined();
  CudaScope scope(info.Env(), *memory.context, op);
  check_cu(info.Env(), memory.context->api,
           memory.context->api->MemcpyHtoDAsync(memory.pointer + offset, source.data, source.length, stream.stream), op,
           "cuMemcpyHtoDAsync of " + std::to_string(source.length) + " bytes");
  return info.Env().Undefined();
}

Napi::Value memcpy_dtoh_async(const Napi::CallbackInfo& info) {
  const char* op = "cuda.memcpyDtoHAsync";
  expect_arg_count(info, 4, op);
  const ByteSpan target = bytes_arg(info, 0, op, "target");
  const size_t offset = count_arg(info, 2, op, "byteOffset");
  CudaMemoryHandle& memory = memory_arg(info, 1, op);
  CudaStreamHandle& stream = stream_arg(info, 3, op);
  expect_same_context(info.Env(), stream.context, memory.context, op, "the memory");
  expect_inside(info.Env(), memory, offset, target.length, op);
  if (target.length == 0) return info.Env().Undefined();
  CudaScope scope(info.Env(), *memory.context, op);
  check_cu(info.Env(), memory.context->api,
           memory.context->api->MemcpyDtoHAsync(target.data, memory.pointer + offset, target.length, stream.stream), op,
           "cuMemcpyDtoHAsync of " + std::to_string(target.length) + " bytes");
  return info.Env().Undefined();
}

Napi::Value event_create(const Napi::CallbackInfo& info) {
  const char* op = "cuda.eventCreate";
  expect_arg_count(info, 1, op);
  CudaContextHandle& context = context_arg(info, 0, op);
  auto event = std::make_shared<CudaEventHandle>();
  event->context = context.state;
  CudaScope scope(info.Env(), *context.state, op);
  const CUresult status = context.state->api->EventCreate(&event->event, CU_EVENT_DISABLE_TIMING);
  if (status != CUDA_SUCCESS) {
    event->destroyed = true;
    throw cuda_error(info.Env(), context.state->api, op, "cuEventCreate", status);
  }
  return wrap_event(info.Env(), event);
}

Napi::Value event_record(const Napi::CallbackInfo& info) {
  const char* op = "cuda.eventRecord";
  expect_arg_count(info, 2, op);
  CudaEventHandle& event = event_arg(info, 0, op);
  CudaStreamHandle& stream = stream_arg(info, 1, op);
  expect_same_context(info.Env(), event.context, stream.context, op, "the stream");
  CudaScope scope(info.Env(), *event.context, op);
  check_cu(info.Env(), event.context->api, event.context->api->EventRecord(event.event, stream.stream), op,
           "cuEventRecord");
  return info.Env().Undefined();
}

// Waits for an event on a worker thread; resolves, or rejects with the coded error.
class EventWait : public Napi::AsyncWorker {
 public:
  EventWait(Napi::Env env, std::shared_ptr<CudaEventHandle> event)
      : Napi::AsyncWorker(env, "knhk.cuda.eventSynchronize"), event_(std::move(event)), deferred_(env) {}

  Napi::Promise promise() { return deferred_.Promise(); }

  void Execute() override {
    const Api* api = event_->context->api;
    status_ = api->CtxPushCurrent(event_->context->context);
    if (status_ == CUDA_SUCCESS) {
      status_ = api->EventSynchronize(event_->event);
      CUcontext popped = nullptr;
      api->CtxPopCurrent(&popped);
    }
  }

  void OnOK() override {
    if (status_ == CUDA_SUCCESS) {
      deferred_.Resolve(Env().Undefined());
      return;
    }
    deferred_.Reject(
        cuda_error(Env(), event_->context->api, "cuda.eventSynchronize", "cuEventSynchronize", status_).Value());
  }

 private:
  std::shared_ptr<CudaEventHandle> event_;
  Napi::Promise::Deferred deferred_;
  CUresult status_ = CUDA_SUCCESS;
};

Napi::Value event_synchronize(const Napi::CallbackInfo& info) {
  const char* op = "cuda.eventSynchronize";
  expect_arg_count(info, 1, op);
  auto* wait = new EventWait(info.Env(), event_ref(info, 0, op));
  Napi::Promise promise = wait->promise();
  wait->Queue();
  return promise;
}

Napi::Value event_destroy(const Napi::CallbackInfo& info) {
  const char* op = "cuda.eventDestroy";
  expect_arg_count(info, 1, op);
  CudaEventHandle& event = event_arg(info, 0, op);
  CudaScope scope(info.Env(), *event.context, op);
  event.destroyed = true;
  check_cu(info.Env(), event.context->api, event.context->api->EventDestroy(event.event), op, "cuEventDestroy");
  return info.Env().Undefined();
}

// An array argument of three positive integers, each at most its limit.
std::array<unsigned, 3> dims_arg(const Napi::CallbackInfo& info, size_t index, const char* op, const char* name,
                                 const std::array<double, 3>& limits) {
  const Napi::Value value = info[index];
  if (!value.IsArray() || value.As<Napi::Array>().Length() != 3) {
    throw_coded(info.Env(), "KNHK_E_ARG_TYPE", std::string(op) + ": " + name + " must be an array [x, y, z]");
  }
  const Napi::Array array = value.As<Napi::Array>();
  std::array<unsigned, 3> dims{};
  for (uint32_t i = 0; i < 3; ++i) {
    const Napi::Value item = array.Get(i);
    if (!item.IsNumber()) {
      throw_coded(info.Env(), "KNHK_E_ARG_TYPE", std::string(op) + ": " + name + "[" + std::to_string(i) + "] must be a number");
    }
    const double x = item.As<Napi::Number>().DoubleValue();
    if (!(x >= 1.0) || x > limits[i] || std::floor(x) != x) {
      throw_coded(info.Env(), "KNHK_E_ARG_RANGE",
                  std::string(op) + ": " + name + "[" + std::to_string(i) + "] must be an integer from 1 to " +
                      std::to_string(static_cast<long long>(limits[i])) + ", got " + std::to_string(x));
    }
    dims[i] = static_cast<unsigned>(x);
  }
  return dims;
}

// One kernel parameter: 8 bytes of storage, whatever its type.
union Param {
  CUdeviceptr pointer;
  int32_t i32;
  uint32_t u32;
  float f32;
  uint64_t u64;
};

Param scalar_param(Napi::Env env, char type, const Napi::Value& value, const char* op, const std::string& what) {
  Param param{};
  if (!value.IsNumber()) throw_coded(env, "KNHK_E_ARG_TYPE", std::string(op) + ": " + what + " must be a number");
  const double x = value.As<Napi::Number>().DoubleValue();
  const bool integer = std::isfinite(x) && std::floor(x) == x;
  switch (type) {
    case 'i':
      if (!integer || x < -2147483648.0 || x > 2147483647.0) {
        throw_coded(env, "KNHK_E_ARG_RANGE", std::string(op) + ": " + what + " must be an int32, got " + std::to_string(x));
      }
      param.i32 = static_cast<int32_t>(x);
      break;
    case 'u':
      if (!integer || x < 0.0 || x > 4294967295.0) {
        throw_coded(env, "KNHK_E_ARG_RANGE", std::string(op) + ": " + what + " must be a uint32, got " + std::to_string(x));
      }
      param.u32 = static_cast<uint32_t>(x);
      break;
    case 'z':
      if (!integer || x < 0.0 || x > 9007199254740991.0) {
        throw_coded(env, "KNHK_E_ARG_RANGE",
                    std::string(op) + ": " + what + " must be a non-negative integer up to 2^53 - 1, got " + std::to_string(x));
      }
      param.u64 = static_cast<uint64_t>(x);
      break;
    default:  // 'f'
      param.f32 = static_cast<float>(x);
      break;
  }
  return param;
}

Napi::Value launch(const Napi::CallbackInfo& info) {
  const char* op = "cuda.launch";
  expect_arg_count(info, 7, op);
  const Napi::Env env = info.Env();
  const std::array<unsigned, 3> grid = dims_arg(info, 1, op, "grid", {2147483647.0, 65535.0, 65535.0});
  const std::array<unsigned, 3> block = dims_arg(info, 2, op, "block", {1024.0, 1024.0, 64.0});
  if (static_cast<double>(block[0]) * block[1] * block[2] > 1024.0) {
    throw_coded(env, "KNHK_E_ARG_RANGE", std::string(op) + ": a block has at most 1024 threads");
  }
  const size_t shared_bytes = count_arg(info, 3, op, "sharedBytes");
  if (shared_bytes > 4294967295.0) {
    throw_coded(env, "KNHK_E_ARG_RANGE", std::string(op) + ": sharedBytes must fit 32 bits");
  }
  const std::string types = string_arg(info, 5, op, "types");
  for (size_t i = 0; i < types.size(); ++i) {
    if (std::string("piufz").find(types[i]) == std::string::npos) {
      throw_coded(env, "KNHK_E_ARG_INVALID",
                  std::string(op) + ": types[" + std::to_string(i) + "] is '" + types[i] +
                      "'; each must be p (device memory), i (int32), u (uint32), f (float) or z (size_t)");
    }
  }
  if (!info[6].IsArray()) throw_coded(env, "KNHK_E_ARG_TYPE", std::string(op) + ": args must be an array");
  const Napi::Array args = info[6].As<Napi::Array>();
  if (args.Length() != types.size()) {
    throw_coded(env, "KNHK_E_ARG_LENGTH",
                std::string(op) + ": args has " + std::to_string(args.Length()) + " elements, types names " +
                    std::to_string(types.size()));
  }
  std::vector<Param> params(types.size());
  for (uint32_t i = 0; i < types.size(); ++i) {
    if (types[i] != 'p') params[i] = scalar_param(env, types[i], args.Get(i), op, "args[" + std::to_string(i) + "]");
  }
  CudaFunctionHandle& function = function_arg(info, 0, op);
  CudaStreamHandle& stream = stream_arg(info, 4, op);
  expect_same_context(env, function.context, stream.context, op, "the stream");
  std::vector<std::shared_ptr<CudaMemoryHandle>> buffers;
  for (uint32_t i = 0; i < types.size(); ++i) {
    if (types[i] != 'p') continue;
    const std::string what = "args[" + std::to_string(i) + "]";
    std::shared_ptr<CudaMemoryHandle> memory = memory_value(env, args.Get(i), op, what);
    expect_same_context(env, function.context, memory->context, op, what);
    params[i].pointer = memory->pointer;
    buffers.push_back(std::move(memory));
  }
  std::vector<void*> pointers(params.size());
  for (size_t i = 0; i < params.size(); ++i) pointers[i] = &params[i];
  CudaScope scope(env, *function.context, op);
  check_cu(env, function.context->api,
           function.context->api->LaunchKernel(function.function, grid[0], grid[1], grid[2], block[0], block[1],
                                               block[2], static_cast<unsigned>(shared_bytes), stream.stream,
                                               pointers.empty() ? nullptr : pointers.data(), nullptr),
           op, "cuLaunchKernel of " + function.name);
  return env.Undefined();
}

}  // namespace

void add_cuda_queue_functions(Napi::Env env, Napi::Object cuda) {
  cuda.Set("memAlloc", Napi::Function::New(env, mem_alloc, "memAlloc"));
  cuda.Set("memFree", Napi::Function::New(env, mem_free, "memFree"));
  cuda.Set("memHostAlloc", Napi::Function::New(env, mem_host_alloc, "memHostAlloc"));
  cuda.Set("streamCreate", Napi::Function::New(env, stream_create, "streamCreate"));
  cuda.Set("streamDestroy", Napi::Function::New(env, stream_destroy, "streamDestroy"));
  cuda.Set("memcpyHtoDAsync", Napi::Function::New(env, memcpy_htod_async, "memcpyHtoDAsync"));
  cuda.Set("memcpyDtoHAsync", Napi::Function::New(env, memcpy_dtoh_async, "memcpyDtoHAsync"));
  cuda.Set("eventCreate", Napi::Function::New(env, event_create, "eventCreate"));
  cuda.Set("eventRecord", Napi::Function::New(env, event_record, "eventRecord"));
  cuda.Set("eventSynchronize", Napi::Function::New(env, event_synchronize, "eventSynchronize"));
  cuda.Set("eventDestroy", Napi::Function::New(env, event_destroy, "eventDestroy"));
  cuda.Set("launch", Napi::Function::New(env, launch, "launch"));
}

}  // namespace knhk
