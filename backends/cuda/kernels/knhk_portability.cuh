// The small layer that lets the same kernel sources build with nvcc (CUDA) and hipcc (HIP):
// the warp width, warp shuffles and the atomics the kernels use. Nothing else in the kernels
// is CUDA-only: no inline PTX, no cooperative groups, no intrinsics HIP lacks.
#pragma once

#if defined(__HIPCC__)
#include <hip/hip_runtime.h>
// AMD wavefronts are 32 or 64 lanes wide; warpSize is the width of the device compiled for.
#define KNHK_WARP_SIZE warpSize
#define knhk_shfl_down(value, delta) __shfl_down((value), (delta))
#else
#define KNHK_WARP_SIZE 32
#define knhk_shfl_down(value, delta) __shfl_down_sync(0xffffffffu, (value), (delta))
#endif

// The most warps a block of 1024 threads holds on either platform (32-lane warps).
#define KNHK_MAX_WARPS 32

// Every kernel is extern "C" so the host finds it by its plain name (cuModuleGetFunction,
// hipModuleGetFunction).
#define KNHK_KERNEL extern "C" __global__

// A grid-stride loop over [0, n): each thread starts at its global index and steps by the
// grid's thread count, so any grid size covers any n.
#define KNHK_GRID_STRIDE(i, n)                                                                \
  for (size_t i = static_cast<size_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < (n);        \
       i += static_cast<size_t>(gridDim.x) * blockDim.x)
