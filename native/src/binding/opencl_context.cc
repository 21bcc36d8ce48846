#include "opencl_context.h"

#include <cmath>
#include <string>
#include <vector>

#include "args.h"
#include "errors.h"
#include "opencl_errors.h"

namespace knhk {

namespace {

using namespace cl;

// Type tags of the three handle kinds (random 128-bit values).
constexpr napi_type_tag kMemTag = {0x6b6e686b4d454d31ULL, 0x9e3779b97f4a7c15ULL};
constexpr napi_type_tag kProgramTag = {0x6b6e686b50524731ULL, 0xbf58476d1ce4e5b9ULL};
constexpr napi_type_tag kKernelTag = {0x6b6e686b4b524e31ULL, 0x94d049bb133111ebULL};

struct ClMem {
  const Api* api;
  cl_mem mem;
  size_t bytes;
  ~ClMem() {
    if (mem != nullptr) api->ReleaseMemObject(mem);
  }
};

struct ClProgram {
  const Api* api;
  cl_program program;
  ~ClProgram() {
    if (program != nullptr) api->ReleaseProgram(program);
  }
};

struct ClKernel {
  const Api* api;
  cl_kernel kernel;
  ~ClKernel() {
    if (kernel != nullptr) api->ReleaseKernel(kernel);
  }
};

template <typename T>
Napi::Object wrap_handle(Napi::Env env, T* native, const napi_type_tag* tag) {
  Napi::Object handle = Napi::Object::New(env);
  napi_status status = napi_wrap(
      env, handle, native, [](napi_env, void* data, void*) { delete static_cast<T*>(data); }, nullptr, nullptr);
  if (status == napi_ok) status = napi_type_tag_object(env, handle, tag);
  if (status != napi_ok) {
    throw_coded(env, "KNHK_E_OPENCL_CALL", "opencl: could not wrap a native handle");
  }
  return handle;
}

template <typename T>
T* unwrap_handle(const Napi::CallbackInfo& info, size_t index, const napi_type_tag* tag, const char* op,
                 const char* name) {
  const napi_env env = info.Env();
  const napi_value value = info[index];
  bool tagged = false;
  void* data = nullptr;
  if (!info[index].IsObject() || napi_check_object_type_tag(env, value, tag, &tagged) != napi_ok || !tagged ||
      napi_unwrap(env, value, &data) != napi_ok) {
    throw_coded(info.Env(), "KNHK_E_ARG_TYPE", std::string(op) + ": " + name + " must be an OpenCL " + name + " handle");
  }
  return static_cast<T*>(data);
}

ClMem* live_mem(const Napi::CallbackInfo& info, size_t index, const char* op) {
  ClMem* mem = unwrap_handle<ClMem>(info, index, &kMemTag, op, "buffer");
  if (mem->mem == nullptr) throw_coded(info.Env(), "KNHK_E_BUFFER_RELEASED", std::string(op) + ": the buffer was released");
  return mem;
}

// A non-negative integer argument that fits size_t exactly (a JS safe integer).
size_t size_arg(const Napi::CallbackInfo& info, size_t index, const char* op, const char* name) {
  if (!info[index].IsNumber()) throw_coded(info.Env(), "KNHK_E_ARG_TYPE", std::string(op) + ": " + name + " must be a number");
  const double value = info[index].As<Napi::Number>().DoubleValue();
  if (!(value >= 0) || value > 9007199254740991.0 || value != static_cast<double>(static_cast<uint64_t>(value))) {
    throw_coded(info.Env(), "KNHK_E_ARG_RANGE", std::string(op) + ": " + name + " must be a non-negative integer");
  }
  return static_cast<size_t>(value);
}

struct ByteView {
  void* data;
  size_t bytes;
};

// Any typed array, as bytes.
ByteView bytes_arg(const Napi::CallbackInfo& info, size_t index, const char* op, const char* name) {
  napi_typedarray_type type = napi_uint8_array;
  size_t length = 0;
  void* data = nullptr;
  if (napi_get_typedarray_info(info.Env(), info[index], &type, &length, &data, nullptr, nullptr) != napi_ok) {
    throw_coded(info.Env(), "KNHK_E_ARG_TYPE", std::string(op) + ": " + name + " must be a typed array");
  }
  size_t element = 1;
  switch (type) {
    case napi_int16_array:
    case napi_uint16_array:
      element = 2;
      break;
    case napi_int32_array:
    case napi_uint32_array:
    case napi_float32_array:
      element = 4;
      break;
    case napi_float64_array:
    case napi_bigint64_array:
    case napi_biguint64_array:
      element = 8;
      break;
    default:
      break;
  }
  return ByteView{data, length * element};
}

void expect_inside(Napi::Env env, const ClMem& mem, size_t offset, size_t bytes, const char* op) {
  if (offset <= mem.bytes && bytes <= mem.bytes - offset) return;
  throw_coded(env, "KNHK_E_ARG_RANGE",
              std::string(op) + ": bytes " + std::to_string(offset) + ".." + std::to_string(offset + bytes) +
                  " are outside the buffer of " + std::to_string(mem.bytes) + " bytes");
}

// An integer kernel argument within its type's range: int32 (i), uint32 (u), or a positive byte count (l).
void expect_integer_in(Napi::Env env, double value, char type, uint32_t index, const char* op) {
  const double low = type == 'i' ? -2147483648.0 : (type == 'l' ? 1.0 : 0.0);
  const double high = type == 'i' ? 2147483647.0 : 4294967295.0;
  if (value >= low && value <= high && value == std::trunc(value)) return;
  throw_coded(env, "KNHK_E_ARG_RANGE",
              std::string(op) + ": argument " + std::to_string(index) + " must be an integer in the range of its type '" +
                  type + "'");
}

// Resolves (with `result`, or undefined) once `event` completes; rejects with a coded error when it failed.
class EventWait : public Napi::AsyncWorker {
 public:
  EventWait(Napi::Env env, const Api* api, cl_event event, const char* op, Napi::Value result)
      : Napi::AsyncWorker(env), api_(api), event_(event), op_(op), deferred_(Napi::Promise::Deferred::New(env)) {
    if (!result.IsUndefined()) result_ = Napi::Persistent(result);
  }
  Napi::Promise promise() const { return deferred_.Promise(); }

 protected:
  void Execute() override {
    status_ = api_->WaitForEvents(1, &event_);
    api_->ReleaseEvent(event_);
  }
  void OnOK() override {
    Napi::HandleScope scope(Env());
    if (status_ != CL_SUCCESS) {
      deferred_.Reject(opencl_error(Env(), op_, "waiting for queued work", status_).Value());
    } else {
      deferred_.Resolve(result_.IsEmpty() ? Env().Undefined() : result_.Value());
    }
  }

 private:
  const Api* api_;
  cl_event event_;
  std::string op_;
  Napi::Promise::Deferred deferred_;
  Napi::Reference<Napi::Value> result_;
  cl_int status_ = CL_SUCCESS;
};

Napi::Value wait_for(Napi::Env env, const Api* api, cl_event event, const char* op, Napi::Value result) {
  auto* worker = new EventWait(env, api, event, op, result);
  Napi::Promise promise = worker->promise();
  worker->Queue();
  return promise;
}

std::string build_log(const Api& api, cl_program program, cl_device_id device) {
  size_t size = 0;
  if (api.GetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, 0, nullptr, &size) != CL_SUCCESS) return "";
  std::string log(size, '\0');
  if (api.GetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, size, log.data(), nullptr) != CL_SUCCESS) return "";
  return log.c_str();
}

// Sets argument `index` of `kernel` from a JS value of type letter `type` (see run()), checking it first.
void set_kernel_arg(Napi::Env env, const Api& api, cl_kernel kernel, uint32_t index, char type, const Napi::Value& arg,
                    const char* op) {
  const std::string which = std::string(op) + ": argument " + std::to_string(index);
  cl_int status = CL_SUCCESS;
  if (type == 'b') {
    bool tagged = false;
    void* data = nullptr;
    if (!arg.IsObject() || napi_check_object_type_tag(env, arg, &kMemTag, &tagged) != napi_ok || !tagged ||
        napi_unwrap(env, arg, &data) != napi_ok) {
      throw_coded(env, "KNHK_E_ARG_TYPE", which + " must be a buffer");
    }
    const ClMem* mem = static_cast<ClMem*>(data);
    if (mem->mem == nullptr) throw_coded(env, "KNHK_E_BUFFER_RELEASED", which + " was released");
    status = api.SetKernelArg(kernel, index, sizeof(cl_mem), &mem->mem);
  } else {
    if (type != 'i' && type != 'u' && type != 'f' && type != 'l') {
      throw_coded(env, "KNHK_E_ARG_INVALID", std::string(op) + ": unknown argument type '" + type + "'");
    }
    if (!arg.IsNumber()) throw_coded(env, "KNHK_E_ARG_TYPE", which + " must be a number");
    const double value = arg.As<Napi::Number>().DoubleValue();
    if (type != 'f') expect_integer_in(env, value, type, index, op);
    const int32_t i32 = type == 'i' ? static_cast<int32_t>(value) : 0;
    const uint32_t u32 = type == 'u' ? static_cast<uint32_t>(value) : 0;
    const float f32 = static_cast<float>(value);
    if (type == 'i') status = api.SetKernelArg(kernel, index, sizeof(i32), &i32);
    if (type == 'u') status = api.SetKernelArg(kernel, index, sizeof(u32), &u32);
    if (type == 'f') status = api.SetKernelArg(kernel, index, sizeof(f32), &f32);
    if (type == 'l') status = api.SetKernelArg(kernel, index, static_cast<size_t>(value), nullptr);
  }
  check_cl(env, status, op, "clSetKernelArg(" + std::to_string(index) + ")");
}

// Argument `index` as a list of work sizes (positive integers); empty when it is not an array (null).
std::vector<size_t> work_sizes(const Napi::CallbackInfo& info, size_t index, const char* name, const char* op) {
  std::vector<size_t> result;
  if (!info[index].IsArray()) return result;
  const Napi::Array list = info[index].As<Napi::Array>();
  for (uint32_t i = 0; i < list.Length(); ++i) {
    const Napi::Value v = list.Get(i);
    const double size = v.IsNumber() ? v.As<Napi::Number>().DoubleValue() : 0;
    if (!(size >= 1) || size > 9007199254740991.0 || size != std::trunc(size)) {
      throw_coded(info.Env(), "KNHK_E_ARG_RANGE", std::string(op) + ": " + name + " sizes must be positive integers");
    }
    result.push_back(static_cast<size_t>(size));
  }
  return result;
}

// Refuses a launch whose work-group or local memory exceeds the device's, with KNHK_E_OPENCL_OUT_OF_RESOURCES:
// drivers are not all robust there (PoCL's pthread device aborts the process on too much local memory).
void expect_resources(Napi::Env env, const Api& api, cl_device_id device, cl_kernel kernel, const std::vector<size_t>& local,
                      cl_ulong device_local_bytes, size_t device_items, const char* op) {
  size_t items = 1;
  for (size_t size : local) items *= size;
  cl_ulong local_bytes = 0;
  check_cl(env, api.GetKernelWorkGroupInfo(kernel, device, CL_KERNEL_LOCAL_MEM_SIZE, sizeof(local_bytes), &local_bytes, nullptr),
           op, "clGetKernelWorkGroupInfo(CL_KERNEL_LOCAL_MEM_SIZE)");
  if (local_bytes <= device_local_bytes && items <= device_items) return;
  Napi::Error error = Napi::Error::New(
      env, std::string(op) + ": the launch needs " + std::to_string(local_bytes) + " bytes of local memory and work-groups of " +
               std::to_string(items) + " items; the device has " + std::to_string(device_local_bytes) + " bytes and allows " +
               std::to_string(device_items) + " items; use smaller work-groups or local buffers");
  error.Set("code", Napi::String::New(env, "KNHK_E_OPENCL_OUT_OF_RESOURCES"));
  throw error;
}

}  // namespace

Napi::Function OpenClContext::define(Napi::Env env) {
  return DefineClass(env, "Context",
                     {
                         InstanceMethod("buildProgram", &OpenClContext::build_program),
                         InstanceMethod("programFromBinary", &OpenClContext::program_from_binary),
                         InstanceMethod("programBinary", &OpenClContext::program_binary),
                         InstanceMethod("kernel", &OpenClContext::create_kernel),
                         InstanceMethod("kernelWorkGroupSize", &OpenClContext::kernel_work_group_size),
                         InstanceMethod("createBuffer", &OpenClContext::create_buffer),
                         InstanceMethod("releaseBuffer", &OpenClContext::release_buffer),
                         InstanceMethod("write", &OpenClContext::write),
                         InstanceMethod("zero", &OpenClContext::zero),
                         InstanceMethod("copy", &OpenClContext::copy),
                         InstanceMethod("readSync", &OpenClContext::read_sync),
                         InstanceMethod("read", &OpenClContext::read),
                         InstanceMethod("run", &OpenClContext::run),
                         InstanceMethod("finish", &OpenClContext::finish),
                         InstanceMethod("finishSync", &OpenClContext::finish_sync),
                         InstanceMethod("flush", &OpenClContext::flush),
                         InstanceMethod("release", &OpenClContext::release),
                     });
}

OpenClContext::OpenClContext(const Napi::CallbackInfo& info) : Napi::ObjectWrap<OpenClContext>(info) {
  const char* op = "opencl.Context";
  expect_arg_count(info, 3, op);
  const std::string library = string_arg(info, 0, op, "library");
  const size_t platform = size_arg(info, 1, op, "platformIndex");
  const size_t device = size_arg(info, 2, op, "deviceIndex");
  api_ = &loaded_api(info.Env(), library, op);
  device_ = device_at(info.Env(), *api_, static_cast<uint32_t>(platform), static_cast<uint32_t>(device), op);
  check_cl(info.Env(), api_->GetDeviceInfo(device_, CL_DEVICE_LOCAL_MEM_SIZE, sizeof(local_mem_bytes_), &local_mem_bytes_, nullptr),
           op, "clGetDeviceInfo(CL_DEVICE_LOCAL_MEM_SIZE)");
  check_cl(info.Env(), api_->GetDeviceInfo(device_, CL_DEVICE_MAX_WORK_GROUP_SIZE, sizeof(max_work_group_), &max_work_group_, nullptr),
           op, "clGetDeviceInfo(CL_DEVICE_MAX_WORK_GROUP_SIZE)");
  cl_int status = CL_SUCCESS;
  context_ = api_->CreateContext(nullptr, 1, &device_, nullptr, nullptr, &status);
  check_cl(info.Env(), status, op, "clCreateContext");
  queue_ = api_->CreateCommandQueue(context_, device_, 0, &status);
  if (status != CL_SUCCESS) {
    api_->ReleaseContext(context_);
    context_ = nullptr;
    check_cl(info.Env(), status, op, "clCreateCommandQueue");
  }
}

OpenClContext::~OpenClContext() { release_all(); }

void OpenClContext::release_all() {
  if (queue_ != nullptr) {
    api_->Finish(queue_);
    api_->ReleaseCommandQueue(queue_);
    queue_ = nullptr;
  }
  if (context_ != nullptr) {
    api_->ReleaseContext(context_);
    context_ = nullptr;
  }
}

void OpenClContext::expect_open(Napi::Env env, const char* op) const {
  if (queue_ == nullptr) throw_coded(env, "KNHK_E_BUFFER_RELEASED", std::string(op) + ": the OpenCL context was released");
}

// buildProgram(source, options): a built program, else KNHK_E_OPENCL_BUILD whose `log` is the compiler's log.
Napi::Value OpenClContext::build_program(const Napi::CallbackInfo& info) {
  const char* op = "opencl.buildProgram";
  expect_arg_count(info, 2, op);
  expect_open(info.Env(), op);
  const std::string source = string_arg(info, 0, op, "source");
  const std::string options = string_arg(info, 1, op, "options");
  const char* text = source.c_str();
  const size_t length = source.size();
  cl_int status = CL_SUCCESS;
  cl_program program = api_->CreateProgramWithSource(context_, 1, &text, &length, &status);
  check_cl(info.Env(), status, op, "clCreateProgramWithSource");
  auto* handle = new ClProgram{api_, program};
  Napi::Object wrapped = wrap_handle(info.Env(), handle, &kProgramTag);
  status = api_->BuildProgram(program, 1, &device_, options.c_str(), nullptr, nullptr);
  if (status == CL_BUILD_PROGRAM_FAILURE) {
    const std::string log = build_log(*api_, program, device_);
    Napi::Error error = Napi::Error::New(info.Env(), std::string(op) + ": the OpenCL C compiler rejected the program:\n" + log);
    error.Set("code", Napi::String::New(info.Env(), "KNHK_E_OPENCL_BUILD"));
    error.Set("log", Napi::String::New(info.Env(), log));
    throw error;
  }
  check_cl(info.Env(), status, op, "clBuildProgram");
  return wrapped;
}

// programFromBinary(binary, options): a program from a binary programBinary() gave; KNHK_E_OPENCL_BUILD when the device rejects it.
Napi::Value OpenClContext::program_from_binary(const Napi::CallbackInfo& info) {
  const char* op = "opencl.programFromBinary";
  expect_arg_count(info, 2, op);
  expect_open(info.Env(), op);
  const ByteView binary = bytes_arg(info, 0, op, "binary");
  const std::string options = string_arg(info, 1, op, "options");
  if (binary.bytes == 0) throw_coded(info.Env(), "KNHK_E_ARG_LENGTH", std::string(op) + ": the binary is empty");
  const auto* bytes = static_cast<const unsigned char*>(binary.data);
  cl_int binary_status = CL_SUCCESS;
  cl_int status = CL_SUCCESS;
  cl_program program = api_->CreateProgramWithBinary(context_, 1, &device_, &binary.bytes, &bytes, &binary_status, &status);
  if (status == CL_SUCCESS && binary_status == CL_SUCCESS) {
    status = api_->BuildProgram(program, 1, &device_, options.c_str(), nullptr, nullptr);
    if (status == CL_SUCCESS) return wrap_handle(info.Env(), new ClProgram{api_, program}, &kProgramTag);
  }
  if (program != nullptr) api_->ReleaseProgram(program);
  const cl_int failed = status != CL_SUCCESS ? status : binary_status;
  Napi::Error error = opencl_error(info.Env(), op, "loading a program binary", failed);
  error.Set("code", Napi::String::New(info.Env(), "KNHK_E_OPENCL_BUILD"));
  throw error;
}

// programBinary(program): the device binary of a built program, as a Uint8Array.
Napi::Value OpenClContext::program_binary(const Napi::CallbackInfo& info) {
  const char* op = "opencl.programBinary";
  expect_arg_count(info, 1, op);
  const ClProgram* program = unwrap_handle<ClProgram>(info, 0, &kProgramTag, op, "program");
  size_t size = 0;
  check_cl(info.Env(), api_->GetProgramInfo(program->program, CL_PROGRAM_BINARY_SIZES, sizeof(size), &size, nullptr), op,
           "clGetProgramInfo(CL_PROGRAM_BINARY_SIZES)");
  Napi::Uint8Array binary = Napi::Uint8Array::New(info.Env(), size);
  unsigned char* target = binary.Data();
  check_cl(info.Env(), api_->GetProgramInfo(program->program, CL_PROGRAM_BINARIES, sizeof(target), &target, nullptr), op,
           "clGetProgramInfo(CL_PROGRAM_BINARIES)");
  return binary;
}

// kernel(program, name): a kernel of a built program.
Napi::Value OpenClContext::create_kernel(const Napi::CallbackInfo& info) {
  const char* op = "opencl.kernel";
  expect_arg_count(info, 2, op);
  const ClProgram* program = unwrap_handle<ClProgram>(info, 0, &kProgramTag, op, "program");
  const std::string name = string_arg(info, 1, op, "name");
  cl_int status = CL_SUCCESS;
  cl_kernel kernel = api_->CreateKernel(program->program, name.c_str(), &status);
  check_cl(info.Env(), status, op, "clCreateKernel(" + name + ")");
  return wrap_handle(info.Env(), new ClKernel{api_, kernel}, &kKernelTag);
}

// kernelWorkGroupSize(kernel): the largest work-group this kernel can run with on the device.
Napi::Value OpenClContext::kernel_work_group_size(const Napi::CallbackInfo& info) {
  const char* op = "opencl.kernelWorkGroupSize";
  expect_arg_count(info, 1, op);
  const ClKernel* kernel = unwrap_handle<ClKernel>(info, 0, &kKernelTag, op, "kernel");
  size_t size = 0;
  check_cl(info.Env(),
           api_->GetKernelWorkGroupInfo(kernel->kernel, device_, CL_KERNEL_WORK_GROUP_SIZE, sizeof(size), &size, nullptr),
           op, "clGetKernelWorkGroupInfo");
  return Napi::Number::New(info.Env(), static_cast<double>(size));
}

// createBuffer(bytes): a read-write device buffer (at least one byte); out of memory is KNHK_E_OPENCL_OUT_OF_RESOURCES.
Napi::Value OpenClContext::create_buffer(const Napi::CallbackInfo& info) {
  const char* op = "opencl.createBuffer";
  expect_arg_count(info, 1, op);
  expect_open(info.Env(), op);
  const size_t bytes = size_arg(info, 0, op, "bytes");
  if (bytes == 0) throw_coded(info.Env(), "KNHK_E_ARG_RANGE", std::string(op) + ": a buffer needs at least one byte");
  cl_int status = CL_SUCCESS;
  cl_mem mem = api_->CreateBuffer(context_, CL_MEM_READ_WRITE, bytes, nullptr, &status);
  check_cl(info.Env(), status, op, "clCreateBuffer of " + std::to_string(bytes) + " bytes");
  return wrap_handle(info.Env(), new ClMem{api_, mem, bytes}, &kMemTag);
}

// releaseBuffer(buffer): releases the device memory now; releasing twice does nothing.
Napi::Value OpenClContext::release_buffer(const Napi::CallbackInfo& info) {
  const char* op = "opencl.releaseBuffer";
  expect_arg_count(info, 1, op);
  ClMem* mem = unwrap_handle<ClMem>(info, 0, &kMemTag, op, "buffer");
  if (mem->mem != nullptr) {
    api_->ReleaseMemObject(mem->mem);
    mem->mem = nullptr;
  }
  return info.Env().Undefined();
}

// write(buffer, byteOffset, data, wait = true): copies a typed array into the buffer, in the queue's order. With
// wait false it only enqueues the copy: the caller must keep `data` alive and unchanged until a later blocking call.
Napi::Value OpenClContext::write(const Napi::CallbackInfo& info) {
  const char* op = "opencl.write";
  if (info.Length() != 4) expect_arg_count(info, 3, op);
  const bool wait = info.Length() < 4 || info[3].ToBoolean().Value();
  expect_open(info.Env(), op);
  const ClMem* mem = live_mem(info, 0, op);
  const size_t offset = size_arg(info, 1, op, "byteOffset");
  const ByteView data = bytes_arg(info, 2, op, "data");
  expect_inside(info.Env(), *mem, offset, data.bytes, op);
  if (data.bytes == 0) return info.Env().Undefined();
  check_cl(info.Env(),
           api_->EnqueueWriteBuffer(queue_, mem->mem, wait ? CL_TRUE : CL_FALSE, offset, data.bytes, data.data, 0, nullptr,
                                    nullptr),
           op, "clEnqueueWriteBuffer");
  return info.Env().Undefined();
}

// zero(buffer, byteOffset, bytes): enqueues a fill with zero bytes (bytes a multiple of 4, as is the offset).
Napi::Value OpenClContext::zero(const Napi::CallbackInfo& info) {
  const char* op = "opencl.zero";
  expect_arg_count(info, 3, op);
  expect_open(info.Env(), op);
  const ClMem* mem = live_mem(info, 0, op);
  const size_t offset = size_arg(info, 1, op, "byteOffset");
  const size_t bytes = size_arg(info, 2, op, "bytes");
  expect_inside(info.Env(), *mem, offset, bytes, op);
  if (bytes == 0) return info.Env().Undefined();
  const unsigned char pattern = 0;
  check_cl(info.Env(), api_->EnqueueFillBuffer(queue_, mem->mem, &pattern, 1, offset, bytes, 0, nullptr, nullptr), op,
           "clEnqueueFillBuffer");
  return info.Env().Undefined();
}

// copy(source, target, sourceOffset, targetOffset, bytes): enqueues a device-side copy.
Napi::Value OpenClContext::copy(const Napi::CallbackInfo& info) {
  const char* op = "opencl.copy";
  expect_arg_count(info, 5, op);
  expect_open(info.Env(), op);
  const ClMem* source = live_mem(info, 0, op);
  const ClMem* target = live_mem(info, 1, op);
  const size_t from = size_arg(info, 2, op, "sourceOffset");
  const size_t to = size_arg(info, 3, op, "targetOffset");
  const size_t bytes = size_arg(info, 4, op, "bytes");
  expect_inside(info.Env(), *source, from, bytes, op);
  expect_inside(info.Env(), *target, to, bytes, op);
  if (bytes == 0) return info.Env().Undefined();
  check_cl(info.Env(), api_->EnqueueCopyBuffer(queue_, source->mem, target->mem, from, to, bytes, 0, nullptr, nullptr), op,
           "clEnqueueCopyBuffer");
  return info.Env().Undefined();
}

// readSync(buffer, byteOffset, target): blocks until queued work is done and the bytes are in `target`.
Napi::Value OpenClContext::read_sync(const Napi::CallbackInfo& info) {
  const char* op = "opencl.readSync";
  expect_arg_count(info, 3, op);
  expect_open(info.Env(), op);
  const ClMem* mem = live_mem(info, 0, op);
  const size_t offset = size_arg(info, 1, op, "byteOffset");
  const ByteView target = bytes_arg(info, 2, op, "target");
  expect_inside(info.Env(), *mem, offset, target.bytes, op);
  if (target.bytes == 0) return info[2];
  check_cl(info.Env(), api_->EnqueueReadBuffer(queue_, mem->mem, CL_TRUE, offset, target.bytes, target.data, 0, nullptr, nullptr),
           op, "clEnqueueReadBuffer");
  return info[2];
}

// read(buffer, byteOffset, bytes): a Promise of a new ArrayBuffer holding the bytes, once queued work is done.
Napi::Value OpenClContext::read(const Napi::CallbackInfo& info) {
  const char* op = "opencl.read";
  expect_arg_count(info, 3, op);
  expect_open(info.Env(), op);
  const ClMem* mem = live_mem(info, 0, op);
  const size_t offset = size_arg(info, 1, op, "byteOffset");
  const size_t bytes = size_arg(info, 2, op, "bytes");
  expect_inside(info.Env(), *mem, offset, bytes, op);
  Napi::ArrayBuffer target = Napi::ArrayBuffer::New(info.Env(), bytes);
  cl_event event = nullptr;
  if (bytes == 0) {
    check_cl(info.Env(), api_->EnqueueMarkerWithWaitList(queue_, 0, nullptr, &event), op, "clEnqueueMarkerWithWaitList");
  } else {
    check_cl(info.Env(),
             api_->EnqueueReadBuffer(queue_, mem->mem, CL_FALSE, offset, bytes, target.Data(), 0, nullptr, &event), op,
             "clEnqueueReadBuffer");
  }
  api_->Flush(queue_);
  return wait_for(info.Env(), api_, event, op, target);
}

// run(kernel, types, args, global, local): sets the arguments and enqueues the kernel. `types` has one letter per
// argument: b (buffer), i (int32), u (uint32), f (float), l (local memory of `arg` bytes). `local` may be null.
Napi::Value OpenClContext::run(const Napi::CallbackInfo& info) {
  const char* op = "opencl.run";
  expect_arg_count(info, 5, op);
  expect_open(info.Env(), op);
  const ClKernel* kernel = unwrap_handle<ClKernel>(info, 0, &kKernelTag, op, "kernel");
  const std::string types = string_arg(info, 1, op, "types");
  if (!info[2].IsArray() || info[2].As<Napi::Array>().Length() != types.size()) {
    throw_coded(info.Env(), "KNHK_E_ARG_LENGTH", std::string(op) + ": args must be an array with one value per type letter");
  }
  const Napi::Array args = info[2].As<Napi::Array>();
  for (uint32_t i = 0; i < types.size(); ++i) set_kernel_arg(info.Env(), *api_, kernel->kernel, i, types[i], args.Get(i), op);
  const std::vector<size_t> global = work_sizes(info, 3, "global", op);
  const std::vector<size_t> local = work_sizes(info, 4, "local", op);
  if (global.empty() || global.size() > 3 || (!local.empty() && local.size() != global.size())) {
    throw_coded(info.Env(), "KNHK_E_ARG_LENGTH", std::string(op) + ": global needs 1 to 3 sizes, and local as many or null");
  }
  expect_resources(info.Env(), *api_, device_, kernel->kernel, local, local_mem_bytes_, max_work_group_, op);
  check_cl(info.Env(),
           api_->EnqueueNDRangeKernel(queue_, kernel->kernel, static_cast<cl_uint>(global.size()), nullptr, global.data(),
                                      local.empty() ? nullptr : local.data(), 0, nullptr, nullptr),
           op, "clEnqueueNDRangeKernel");
  return info.Env().Undefined();
}

// finish(): a Promise that resolves once everything queued so far is done (waited for off the JS thread).
Napi::Value OpenClContext::finish(const Napi::CallbackInfo& info) {
  const char* op = "opencl.finish";
  expect_arg_count(info, 0, op);
  expect_open(info.Env(), op);
  cl_event event = nullptr;
  check_cl(info.Env(), api_->EnqueueMarkerWithWaitList(queue_, 0, nullptr, &event), op, "clEnqueueMarkerWithWaitList");
  api_->Flush(queue_);
  return wait_for(info.Env(), api_, event, op, info.Env().Undefined());
}

// finishSync(): blocks until everything queued is done.
Napi::Value OpenClContext::finish_sync(const Napi::CallbackInfo& info) {
  const char* op = "opencl.finishSync";
  expect_arg_count(info, 0, op);
  expect_open(info.Env(), op);
  check_cl(info.Env(), api_->Finish(queue_), op, "clFinish");
  return info.Env().Undefined();
}

// flush(): submits everything queued to the device without waiting (so that work on several devices overlaps).
Napi::Value OpenClContext::flush(const Napi::CallbackInfo& info) {
  const char* op = "opencl.flush";
  expect_arg_count(info, 0, op);
  expect_open(info.Env(), op);
  check_cl(info.Env(), api_->Flush(queue_), op, "clFlush");
  return info.Env().Undefined();
}

// release(): waits for queued work and releases the queue and the context; releasing twice does nothing.
Napi::Value OpenClContext::release(const Napi::CallbackInfo& info) {
  expect_arg_count(info, 0, "opencl.release");
  release_all();
  return info.Env().Undefined();
}

}  // namespace knhk
