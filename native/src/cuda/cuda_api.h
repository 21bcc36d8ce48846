// The part of the CUDA driver API (cuda.h) that knhk uses, declared here so that nothing of
// CUDA is needed to build: the handle types, the constants and one function pointer per
// entry point, resolved by name from libcuda.so.1 at run time (cuda_loader.cc). The opaque
// structs are the global ones cuda.h forward-declares, so a translation unit may include both
// (native/test/cuda-api-signatures.cc checks every pointer type against cuda.h).
#pragma once

#include <cstddef>

struct CUctx_st;
struct CUmod_st;
struct CUfunc_st;
struct CUstream_st;
struct CUevent_st;

namespace knhk::cu {

using CUresult = int;
using CUdevice = int;
using CUdeviceptr = unsigned long long;
using CUcontext = CUctx_st*;
using CUmodule = CUmod_st*;
using CUfunction = CUfunc_st*;
using CUstream = CUstream_st*;
using CUevent = CUevent_st*;
using CUjit_option = int;
using CUdevice_attribute = int;

constexpr CUresult CUDA_SUCCESS = 0;
constexpr CUresult CUDA_ERROR_INVALID_VALUE = 1;
constexpr CUresult CUDA_ERROR_OUT_OF_MEMORY = 2;
constexpr CUresult CUDA_ERROR_NOT_INITIALIZED = 3;
constexpr CUresult CUDA_ERROR_STUB_LIBRARY = 34;
constexpr CUresult CUDA_ERROR_NO_DEVICE = 100;
constexpr CUresult CUDA_ERROR_INVALID_DEVICE = 101;
constexpr CUresult CUDA_ERROR_INVALID_IMAGE = 200;
constexpr CUresult CUDA_ERROR_NO_BINARY_FOR_GPU = 209;
constexpr CUresult CUDA_ERROR_UNSUPPORTED_PTX_VERSION = 222;
constexpr CUresult CUDA_ERROR_INVALID_PTX = 218;
constexpr CUresult CUDA_ERROR_NOT_FOUND = 500;
constexpr CUresult CUDA_ERROR_NOT_READY = 600;
constexpr CUresult CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES = 701;

constexpr CUdevice_attribute CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_BLOCK = 1;
constexpr CUdevice_attribute CU_DEVICE_ATTRIBUTE_MAX_GRID_DIM_X = 5;
constexpr CUdevice_attribute CU_DEVICE_ATTRIBUTE_MAX_GRID_DIM_Y = 6;
constexpr CUdevice_attribute CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK = 8;
constexpr CUdevice_attribute CU_DEVICE_ATTRIBUTE_WARP_SIZE = 10;
constexpr CUdevice_attribute CU_DEVICE_ATTRIBUTE_CLOCK_RATE = 13;
constexpr CUdevice_attribute CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT = 16;
constexpr CUdevice_attribute CU_DEVICE_ATTRIBUTE_PCI_BUS_ID = 33;
constexpr CUdevice_attribute CU_DEVICE_ATTRIBUTE_MEMORY_CLOCK_RATE = 36;
constexpr CUdevice_attribute CU_DEVICE_ATTRIBUTE_GLOBAL_MEMORY_BUS_WIDTH = 37;
constexpr CUdevice_attribute CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75;
constexpr CUdevice_attribute CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR = 76;

constexpr CUjit_option CU_JIT_INFO_LOG_BUFFER = 3;
constexpr CUjit_option CU_JIT_INFO_LOG_BUFFER_SIZE_BYTES = 4;
constexpr CUjit_option CU_JIT_ERROR_LOG_BUFFER = 5;
constexpr CUjit_option CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES = 6;
constexpr CUjit_option CU_JIT_LOG_VERBOSE = 12;

constexpr unsigned CU_CTX_SCHED_BLOCKING_SYNC = 0x04;
constexpr unsigned CU_STREAM_NON_BLOCKING = 0x1;
constexpr unsigned CU_EVENT_DISABLE_TIMING = 0x2;
constexpr unsigned kMemHostAllocPortable = 0x01;  // CU_MEMHOSTALLOC_PORTABLE (a macro in cuda.h)

// The entry points, by the exported (versioned) name each is resolved from.
struct Api {
  CUresult (*Init)(unsigned int flags);                                             // cuInit
  CUresult (*DriverGetVersion)(int* version);                                       // cuDriverGetVersion
  CUresult (*DeviceGetCount)(int* count);                                           // cuDeviceGetCount
  CUresult (*DeviceGet)(CUdevice* device, int ordinal);                             // cuDeviceGet
  CUresult (*DeviceGetName)(char* name, int length, CUdevice device);               // cuDeviceGetName
  CUresult (*DeviceGetAttribute)(int* value, CUdevice_attribute attribute, CUdevice device);  // cuDeviceGetAttribute
  CUresult (*DeviceTotalMem)(size_t* bytes, CUdevice device);                       // cuDeviceTotalMem_v2
  CUresult (*CtxCreate)(CUcontext* context, unsigned int flags, CUdevice device);   // cuCtxCreate_v2
  CUresult (*CtxDestroy)(CUcontext context);                                        // cuCtxDestroy_v2
  CUresult (*CtxPushCurrent)(CUcontext context);                                    // cuCtxPushCurrent_v2
  CUresult (*CtxPopCurrent)(CUcontext* context);                                    // cuCtxPopCurrent_v2
  CUresult (*ModuleLoadDataEx)(CUmodule* module, const void* image, unsigned int count, CUjit_option* options,
                               void** values);                                      // cuModuleLoadDataEx
  CUresult (*ModuleUnload)(CUmodule module);                                        // cuModuleUnload
  CUresult (*ModuleGetFunction)(CUfunction* function, CUmodule module, const char* name);  // cuModuleGetFunction
  CUresult (*MemAlloc)(CUdeviceptr* pointer, size_t bytes);                         // cuMemAlloc_v2
  CUresult (*MemFree)(CUdeviceptr pointer);                                         // cuMemFree_v2
  CUresult (*MemGetInfo)(size_t* free, size_t* total);                              // cuMemGetInfo_v2
  CUresult (*MemHostAlloc)(void** pointer, size_t bytes, unsigned int flags);       // cuMemHostAlloc
  CUresult (*MemFreeHost)(void* pointer);                                           // cuMemFreeHost
  CUresult (*MemcpyHtoDAsync)(CUdeviceptr target, const void* source, size_t bytes, CUstream stream);  // cuMemcpyHtoDAsync_v2
  CUresult (*MemcpyDtoHAsync)(void* target, CUdeviceptr source, size_t bytes, CUstream stream);  // cuMemcpyDtoHAsync_v2
  CUresult (*StreamCreate)(CUstream* stream, unsigned int flags);                   // cuStreamCreate
  CUresult (*StreamDestroy)(CUstream stream);                                       // cuStreamDestroy_v2
  CUresult (*EventCreate)(CUevent* event, unsigned int flags);                      // cuEventCreate
  CUresult (*EventRecord)(CUevent event, CUstream stream);                          // cuEventRecord
  CUresult (*EventSynchronize)(CUevent event);                                      // cuEventSynchronize
  CUresult (*EventDestroy)(CUevent event);                                          // cuEventDestroy_v2
  CUresult (*LaunchKernel)(CUfunction function, unsigned int gridX, unsigned int gridY, unsigned int gridZ,
                           unsigned int blockX, unsigned int blockY, unsigned int blockZ, unsigned int sharedBytes,
                           CUstream stream, void** params, void** extra);          // cuLaunchKernel
  CUresult (*GetErrorName)(CUresult error, const char** name);                      // cuGetErrorName
};

}  // namespace knhk::cu
