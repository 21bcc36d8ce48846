// Compile-time check that every entry point of knhk's CUDA function table (src/cuda/cuda_api.h)
// has the signature NVIDIA's cuda.h declares for the exported name it is resolved from, and
// that the constants match. Built with -fsyntax-only by test/cuda-binding.test.ts where the
// CUDA toolkit's headers are installed; nothing links it. cuda.h's enum types count as int
// (that is their size and how the driver passes them).
#define __CUDA_API_VERSION_INTERNAL 1
#include <cuda.h>

#include <type_traits>

#include "../../src/cuda/cuda_api.h"

namespace {

template <typename T, typename = void>
struct Plain {
  using type = T;
};
template <typename T>
struct Plain<T, std::enable_if_t<std::is_enum_v<T>>> {
  static_assert(sizeof(T) == sizeof(int));
  using type = int;
};
template <typename T>
struct Plain<const T, std::enable_if_t<!std::is_enum_v<T>>> {
  using type = const typename Plain<T>::type;
};
template <typename T>
struct Plain<T*, void> {
  using type = typename Plain<T>::type*;
};
template <typename R, typename... A>
struct Plain<R (*)(A...), void> {
  using type = typename Plain<R>::type (*)(typename Plain<A>::type...);
};

template <typename Ours, typename Theirs>
constexpr bool kSame = std::is_same_v<typename Plain<Ours>::type, typename Plain<Theirs>::type>;

using knhk::cu::Api;

#define KNHK_SAME(field, symbol) static_assert(kSame<decltype(Api::field), decltype(&::symbol)>, #symbol)

KNHK_SAME(Init, cuInit);
KNHK_SAME(DriverGetVersion, cuDriverGetVersion);
KNHK_SAME(DeviceGetCount, cuDeviceGetCount);
KNHK_SAME(DeviceGet, cuDeviceGet);
KNHK_SAME(DeviceGetName, cuDeviceGetName);
KNHK_SAME(DeviceGetAttribute, cuDeviceGetAttribute);
KNHK_SAME(DeviceTotalMem, cuDeviceTotalMem_v2);
KNHK_SAME(CtxCreate, cuCtxCreate_v2);
KNHK_SAME(CtxDestroy, cuCtxDestroy_v2);
KNHK_SAME(CtxPushCurrent, cuCtxPushCurrent_v2);
KNHK_SAME(CtxPopCurrent, cuCtxPopCurrent_v2);
KNHK_SAME(ModuleLoadDataEx, cuModuleLoadDataEx);
KNHK_SAME(ModuleUnload, cuModuleUnload);
KNHK_SAME(ModuleGetFunction, cuModuleGetFunction);
KNHK_SAME(MemAlloc, cuMemAlloc_v2);
KNHK_SAME(MemFree, cuMemFree_v2);
KNHK_SAME(MemGetInfo, cuMemGetInfo_v2);
KNHK_SAME(MemHostAlloc, cuMemHostAlloc);
KNHK_SAME(MemFreeHost, cuMemFreeHost);
KNHK_SAME(MemcpyHtoDAsync, cuMemcpyHtoDAsync_v2);
KNHK_SAME(MemcpyDtoHAsync, cuMemcpyDtoHAsync_v2);
KNHK_SAME(StreamCreate, cuStreamCreate);
KNHK_SAME(StreamDestroy, cuStreamDestroy_v2);
KNHK_SAME(EventCreate, cuEventCreate);
KNHK_SAME(EventRecord, cuEventRecord);
KNHK_SAME(EventSynchronize, cuEventSynchronize);
KNHK_SAME(EventDestroy, cuEventDestroy_v2);
KNHK_SAME(LaunchKernel, cuLaunchKernel);
KNHK_SAME(GetErrorName, cuGetErrorName);

namespace cu = knhk::cu;
static_assert(cu::CUDA_ERROR_OUT_OF_MEMORY == CUDA_ERROR_OUT_OF_MEMORY);
static_assert(cu::CUDA_ERROR_STUB_LIBRARY == CUDA_ERROR_STUB_LIBRARY);
static_assert(cu::CUDA_ERROR_NO_DEVICE == CUDA_ERROR_NO_DEVICE);
static_assert(cu::CUDA_ERROR_INVALID_DEVICE == CUDA_ERROR_INVALID_DEVICE);
static_assert(cu::CUDA_ERROR_INVALID_IMAGE == CUDA_ERROR_INVALID_IMAGE);
static_assert(cu::CUDA_ERROR_NO_BINARY_FOR_GPU == CUDA_ERROR_NO_BINARY_FOR_GPU);
static_assert(cu::CUDA_ERROR_INVALID_PTX == CUDA_ERROR_INVALID_PTX);
static_assert(cu::CUDA_ERROR_UNSUPPORTED_PTX_VERSION == CUDA_ERROR_UNSUPPORTED_PTX_VERSION);
static_assert(cu::CUDA_ERROR_NOT_FOUND == CUDA_ERROR_NOT_FOUND);
static_assert(cu::CUDA_ERROR_NOT_READY == CUDA_ERROR_NOT_READY);
static_assert(cu::CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES == CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES);
static_assert(cu::CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_BLOCK == CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_BLOCK);
static_assert(cu::CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK == CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK);
static_assert(cu::CU_DEVICE_ATTRIBUTE_WARP_SIZE == CU_DEVICE_ATTRIBUTE_WARP_SIZE);
static_assert(cu::CU_DEVICE_ATTRIBUTE_CLOCK_RATE == CU_DEVICE_ATTRIBUTE_CLOCK_RATE);
static_assert(cu::CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT == CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT);
static_assert(cu::CU_DEVICE_ATTRIBUTE_PCI_BUS_ID == CU_DEVICE_ATTRIBUTE_PCI_BUS_ID);
static_assert(cu::CU_DEVICE_ATTRIBUTE_MEMORY_CLOCK_RATE == CU_DEVICE_ATTRIBUTE_MEMORY_CLOCK_RATE);
static_assert(cu::CU_DEVICE_ATTRIBUTE_GLOBAL_MEMORY_BUS_WIDTH == CU_DEVICE_ATTRIBUTE_GLOBAL_MEMORY_BUS_WIDTH);
static_assert(cu::CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR == CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR);
static_assert(cu::CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR == CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR);
static_assert(cu::CU_JIT_INFO_LOG_BUFFER == CU_JIT_INFO_LOG_BUFFER);
static_assert(cu::CU_JIT_INFO_LOG_BUFFER_SIZE_BYTES == CU_JIT_INFO_LOG_BUFFER_SIZE_BYTES);
static_assert(cu::CU_JIT_ERROR_LOG_BUFFER == CU_JIT_ERROR_LOG_BUFFER);
static_assert(cu::CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES == CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES);
static_assert(cu::CU_JIT_LOG_VERBOSE == CU_JIT_LOG_VERBOSE);
static_assert(cu::CU_CTX_SCHED_BLOCKING_SYNC == CU_CTX_SCHED_BLOCKING_SYNC);
static_assert(cu::CU_STREAM_NON_BLOCKING == CU_STREAM_NON_BLOCKING);
static_assert(cu::CU_EVENT_DISABLE_TIMING == CU_EVENT_DISABLE_TIMING);
static_assert(cu::kMemHostAllocPortable == CU_MEMHOSTALLOC_PORTABLE);
static_assert(std::is_same_v<cu::CUdeviceptr, ::CUdeviceptr>);
static_assert(std::is_same_v<cu::CUcontext, ::CUcontext>);
static_assert(std::is_same_v<cu::CUstream, ::CUstream>);

}  // namespace
