// opencl.load(library): whether the ICD loader at `library` loads, and why not; never throws.
// opencl.devices(library): every platform's devices with their properties.
#include "opencl_binding.h"

#include <string>
#include <vector>

#include "../opencl/cl_loader.h"
#include "args.h"
#include "errors.h"
#include "opencl_context.h"
#include "opencl_errors.h"

namespace knhk {

namespace {

using namespace cl;

std::string platform_string(const Api& api, cl_platform_id platform, cl_platform_info what) {
  size_t size = 0;
  if (api.GetPlatformInfo(platform, what, 0, nullptr, &size) != CL_SUCCESS || size == 0) return "";
  std::string value(size, '\0');
  if (api.GetPlatformInfo(platform, what, size, value.data(), nullptr) != CL_SUCCESS) return "";
  return value.c_str();
}

std::string device_string(const Api& api, cl_device_id device, cl_device_info what) {
  size_t size = 0;
  if (api.GetDeviceInfo(device, what, 0, nullptr, &size) != CL_SUCCESS || size == 0) return "";
  std::string value(size, '\0');
  if (api.GetDeviceInfo(device, what, size, value.data(), nullptr) != CL_SUCCESS) return "";
  return value.c_str();
}

template <typename T>
T device_value(const Api& api, cl_device_id device, cl_device_info what) {
  T value{};
  if (api.GetDeviceInfo(device, what, sizeof(T), &value, nullptr) != CL_SUCCESS) return T{};
  return value;
}

const char* type_name(cl_device_type type) {
  if ((type & CL_DEVICE_TYPE_GPU) != 0) return "gpu";
  if ((type & CL_DEVICE_TYPE_CPU) != 0) return "cpu";
  return "accelerator";
}

Napi::Object describe_device(Napi::Env env, const Api& api, cl_platform_id platform, cl_device_id device) {
  Napi::Object d = Napi::Object::New(env);
  d.Set("platformName", platform_string(api, platform, CL_PLATFORM_NAME));
  d.Set("platformVendor", platform_string(api, platform, CL_PLATFORM_VENDOR));
  d.Set("platformVersion", platform_string(api, platform, CL_PLATFORM_VERSION));
  d.Set("name", device_string(api, device, CL_DEVICE_NAME));
  d.Set("vendor", device_string(api, device, CL_DEVICE_VENDOR));
  d.Set("version", device_string(api, device, CL_DEVICE_VERSION));
  d.Set("driverVersion", device_string(api, device, CL_DRIVER_VERSION));
  d.Set("extensions", device_string(api, device, CL_DEVICE_EXTENSIONS));
  d.Set("type", type_name(device_value<cl_device_type>(api, device, CL_DEVICE_TYPE)));
  d.Set("computeUnits", device_value<cl_uint>(api, device, CL_DEVICE_MAX_COMPUTE_UNITS));
  d.Set("clockMhz", device_value<cl_uint>(api, device, CL_DEVICE_MAX_CLOCK_FREQUENCY));
  d.Set("maxWorkGroupSize", static_cast<double>(device_value<size_t>(api, device, CL_DEVICE_MAX_WORK_GROUP_SIZE)));
  d.Set("globalMemBytes", static_cast<double>(device_value<cl_ulong>(api, device, CL_DEVICE_GLOBAL_MEM_SIZE)));
  d.Set("localMemBytes", static_cast<double>(device_value<cl_ulong>(api, device, CL_DEVICE_LOCAL_MEM_SIZE)));
  d.Set("maxAllocBytes", static_cast<double>(device_value<cl_ulong>(api, device, CL_DEVICE_MAX_MEM_ALLOC_SIZE)));
  const cl_device_fp_config fp = device_value<cl_device_fp_config>(api, device, CL_DEVICE_SINGLE_FP_CONFIG);
  d.Set("denormals", (fp & CL_FP_DENORM) != 0);
  d.Set("fma", (fp & CL_FP_FMA) != 0);
  d.Set("correctlyRoundedDivide", (fp & CL_FP_CORRECTLY_ROUNDED_DIVIDE_SQRT) != 0);
  return d;
}

std::vector<cl_platform_id> platforms(Napi::Env env, const Api& api, const char* op) {
  cl_uint count = 0;
  const cl_int status = api.GetPlatformIDs(0, nullptr, &count);
  if (status == CL_PLATFORM_NOT_FOUND_KHR || count == 0) return {};
  check_cl(env, status, op, "clGetPlatformIDs");
  std::vector<cl_platform_id> ids(count);
  check_cl(env, api.GetPlatformIDs(count, ids.data(), nullptr), op, "clGetPlatformIDs");
  return ids;
}

std::vector<cl_device_id> devices_of(const Api& api, cl_platform_id platform) {
  cl_uint count = 0;
  if (api.GetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, 0, nullptr, &count) != CL_SUCCESS || count == 0) return {};
  std::vector<cl_device_id> ids(count);
  if (api.GetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, count, ids.data(), nullptr) != CL_SUCCESS) return {};
  return ids;
}

Napi::Value load_library(const Napi::CallbackInfo& info) {
  const char* op = "opencl.load";
  expect_arg_count(info, 1, op);
  std::string error;
  const Api* api = cl::load(string_arg(info, 0, op, "library"), &error);
  Napi::Object result = Napi::Object::New(info.Env());
  result.Set("ok", api != nullptr);
  if (api == nullptr) result.Set("reason", error);
  return result;
}

// devices(library): [{ platformIndex, deviceIndex, name, type, computeUnits, ... }].
Napi::Value devices(const Napi::CallbackInfo& info) {
  const char* op = "opencl.devices";
  expect_arg_count(info, 1, op);
  const Api& api = loaded_api(info.Env(), string_arg(info, 0, op, "library"), op);
  Napi::Array result = Napi::Array::New(info.Env());
  const std::vector<cl_platform_id> ids = platforms(info.Env(), api, op);
  for (size_t p = 0; p < ids.size(); ++p) {
    const std::vector<cl_device_id> found = devices_of(api, ids[p]);
    for (size_t d = 0; d < found.size(); ++d) {
      Napi::Object device = describe_device(info.Env(), api, ids[p], found[d]);
      device.Set("platformIndex", static_cast<double>(p));
      device.Set("deviceIndex", static_cast<double>(d));
      result.Set(result.Length(), device);
    }
  }
  return result;
}

}  // namespace

const cl::Api& loaded_api(Napi::Env env, const std::string& library, const char* op) {
  std::string error;
  const cl::Api* api = cl::load(library, &error);
  if (api == nullptr) throw_coded(env, "KNHK_E_PLUGIN_UNAVAILABLE", std::string(op) + ": " + error);
  return *api;
}

cl::cl_device_id device_at(Napi::Env env, const cl::Api& api, uint32_t platform, uint32_t device, const char* op) {
  const std::vector<cl_platform_id> ids = platforms(env, api, op);
  if (platform >= ids.size()) {
    throw_coded(env, "KNHK_E_ARG_RANGE",
                std::string(op) + ": there is no OpenCL platform " + std::to_string(platform) + " (found " +
                    std::to_string(ids.size()) + ")");
  }
  const std::vector<cl_device_id> found = devices_of(api, ids[platform]);
  if (device >= found.size()) {
    throw_coded(env, "KNHK_E_ARG_RANGE",
                std::string(op) + ": platform " + std::to_string(platform) + " has no device " + std::to_string(device) +
                    " (found " + std::to_string(found.size()) + ")");
  }
  return found[device];
}

void add_opencl_functions(Napi::Env env, Napi::Object exports) {
  Napi::Object opencl = Napi::Object::New(env);
  opencl.Set("load", Napi::Function::New(env, load_library, "load"));
  opencl.Set("devices", Napi::Function::New(env, devices, "devices"));
  opencl.Set("Context", OpenClContext::define(env));
  exports.Set("opencl", opencl);
}

}  // namespace knhk
