// opencl.Context: one device's context and in-order command queue, with programs, kernels,
// buffers, transfers and kernel launches. Buffer, program and kernel handles are type-tagged
// JS objects; a handle of the wrong kind or a released one is a coded error.
#pragma once

#include <napi.h>

#include <string>

#include "../opencl/cl_api.h"

namespace knhk {

// The entry points of the library at `library`, else KNHK_E_PLUGIN_UNAVAILABLE with dlopen's reason.
const cl::Api& loaded_api(Napi::Env env, const std::string& library, const char* op);

// The device `device` of platform `platform`, else KNHK_E_ARG_RANGE.
cl::cl_device_id device_at(Napi::Env env, const cl::Api& api, uint32_t platform, uint32_t device, const char* op);

class OpenClContext : public Napi::ObjectWrap<OpenClContext> {
 public:
  // The JS class.
  static Napi::Function define(Napi::Env env);

  // new Context(library, platformIndex, deviceIndex).
  explicit OpenClContext(const Napi::CallbackInfo& info);
  ~OpenClContext() override;

 private:
  Napi::Value build_program(const Napi::CallbackInfo& info);
  Napi::Value program_from_binary(const Napi::CallbackInfo& info);
  Napi::Value program_binary(const Napi::CallbackInfo& info);
  Napi::Value create_kernel(const Napi::CallbackInfo& info);
  Napi::Value kernel_work_group_size(const Napi::CallbackInfo& info);
  Napi::Value create_buffer(const Napi::CallbackInfo& info);
  Napi::Value release_buffer(const Napi::CallbackInfo& info);
  Napi::Value write(const Napi::CallbackInfo& info);
  Napi::Value zero(const Napi::CallbackInfo& info);
  Napi::Value copy(const Napi::CallbackInfo& info);
  Napi::Value read_sync(const Napi::CallbackInfo& info);
  Napi::Value read(const Napi::CallbackInfo& info);
  Napi::Value run(const Napi::CallbackInfo& info);
  Napi::Value finish(const Napi::CallbackInfo& info);
  Napi::Value finish_sync(const Napi::CallbackInfo& info);
  Napi::Value flush(const Napi::CallbackInfo& info);
  Napi::Value release(const Napi::CallbackInfo& info);

  void expect_open(Napi::Env env, const char* op) const;
  void release_all();

  const cl::Api* api_ = nullptr;
  cl::cl_device_id device_ = nullptr;
  cl::cl_context context_ = nullptr;
  cl::cl_command_queue queue_ = nullptr;
  // CL_DEVICE_LOCAL_MEM_SIZE: launches that need more are refused before the driver sees them.
  cl::cl_ulong local_mem_bytes_ = 0;
  // CL_DEVICE_MAX_WORK_GROUP_SIZE.
  size_t max_work_group_ = 0;
};

}  // namespace knhk
