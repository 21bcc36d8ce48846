// The `reduce` family and the dot product: sum, min, max, argmax and dot of f32 in one pass.
// Each thread accumulates a grid-strided share in f32 (dot with fmaf), each warp combines
// its lanes with a shuffle tree, each block its warps through shared memory; the block's
// result goes to partial[blockIdx.x], and the last block to finish (counted with an atomic on
// `counter`, which starts at 0 and is left at 0) combines the partials in index order and
// writes result[0]. The order of every addition depends only on the grid, so results are
// reproducible. min and max propagate NaN (and -0 < +0); argmax keeps the first NaN, else the
// first largest element. Blocks must be a multiple of the warp size, at most 1024 threads.
#include "knhk_portability.cuh"

#define AT(offset, stride) ((offset) + i * (stride))
#define KNHK_NONE (~static_cast<size_t>(0))

struct SumOf {
  __device__ static float identity() { return 0.0f; }
  __device__ static float combine(float best, float x) { return best + x; }
};
struct MinOf {
  __device__ static float identity() { return INFINITY; }
  __device__ static float combine(float best, float x) {
    return (isnan(x) || x < best || (x == best && signbit(x))) ? x : best;
  }
};
struct MaxOf {
  __device__ static float identity() { return -INFINITY; }
  __device__ static float combine(float best, float x) {
    return (isnan(x) || x > best || (x == best && !signbit(x))) ? x : best;
  }
};

// The block's combined value, valid in thread 0.
template <typename R>
__device__ float block_reduce(float v) {
  __shared__ float per_warp[KNHK_MAX_WARPS];
  const unsigned lane = threadIdx.x % KNHK_WARP_SIZE;
  const unsigned warp = threadIdx.x / KNHK_WARP_SIZE;
  for (int d = KNHK_WARP_SIZE / 2; d > 0; d /= 2) v = R::combine(v, knhk_shfl_down(v, d));
  if (lane == 0) per_warp[warp] = v;
  __syncthreads();
  const unsigned warps = (blockDim.x + KNHK_WARP_SIZE - 1) / KNHK_WARP_SIZE;
  if (warp == 0) {
    v = lane < warps ? per_warp[lane] : R::identity();
    for (int d = KNHK_WARP_SIZE / 2; d > 0; d /= 2) v = R::combine(v, knhk_shfl_down(v, d));
  }
  __syncthreads();
  return v;
}

// Whether the last block to arrive is this one (after its partial is written and visible).
__device__ bool arrived_last(unsigned int* counter) {
  __shared__ bool last;
  if (threadIdx.x == 0) {
    __threadfence();
    last = atomicAdd(counter, 1u) == gridDim.x - 1;
  }
  __syncthreads();
  return last;
}

template <typename R>
__device__ void finish(float block_value, float* partial, unsigned int* counter, float* result) {
  if (threadIdx.x == 0) partial[blockIdx.x] = block_value;
  if (!arrived_last(counter)) return;
  const volatile float* seen = partial;
  float v = R::identity();
  for (unsigned i = threadIdx.x; i < gridDim.x; i += blockDim.x) v = R::combine(v, seen[i]);
  v = block_reduce<R>(v);
  if (threadIdx.x == 0) {
    result[0] = v;
    *counter = 0;
  }
}

template <typename R>
__device__ void reduce_f32(const float* x, size_t xo, size_t xs, size_t n, float* partial, unsigned int* counter,
                           float* result) {
  float acc = R::identity();
  KNHK_GRID_STRIDE(i, n) acc = R::combine(acc, x[AT(xo, xs)]);
  finish<R>(block_reduce<R>(acc), partial, counter, result);
}

KNHK_KERNEL void sum_f32(const float* x, size_t xo, size_t xs, size_t n, float* partial, unsigned int* counter,
                         float* result) {
  reduce_f32<SumOf>(x, xo, xs, n, partial, counter, result);
}

KNHK_KERNEL void min_f32(const float* x, size_t xo, size_t xs, size_t n, float* partial, unsigned int* counter,
                         float* result) {
  reduce_f32<MinOf>(x, xo, xs, n, partial, counter, result);
}

KNHK_KERNEL void max_f32(const float* x, size_t xo, size_t xs, size_t n, float* partial, unsigned int* counter,
                         float* result) {
  reduce_f32<MaxOf>(x, xo, xs, n, partial, counter, result);
}

KNHK_KERNEL void dot_f32(const float* a, size_t ao, size_t as, const float* b, size_t bo, size_t bs, size_t n,
                         float* partial, unsigned int* counter, float* result) {
  float acc = 0.0f;
  KNHK_GRID_STRIDE(i, n) acc = fmaf(a[AT(ao, as)], b[AT(bo, bs)], acc);
  finish<SumOf>(block_reduce<SumOf>(acc), partial, counter, result);
}

// argmax: (value, index) pairs; an index of KNHK_NONE is "nothing yet".
__device__ bool argmax_beats(float v, size_t at, float best, size_t best_at) {
  if (at == KNHK_NONE) return false;
  if (best_at == KNHK_NONE) return true;
  if (isnan(best)) return isnan(v) && at < best_at;
  if (isnan(v)) return true;
  return v > best || (v == best && at < best_at);
}

__device__ void argmax_step(float* best, size_t* best_at, float v, size_t at) {
  if (argmax_beats(v, at, *best, *best_at)) {
    *best = v;
    *best_at = at;
  }
}

__device__ void argmax_block(float* best, size_t* best_at) {
  __shared__ float values[KNHK_MAX_WARPS];
  __shared__ size_t indices[KNHK_MAX_WARPS];
  const unsigned lane = threadIdx.x % KNHK_WARP_SIZE;
  const unsigned warp = threadIdx.x / KNHK_WARP_SIZE;
  for (int d = KNHK_WARP_SIZE / 2; d > 0; d /= 2) {
    const float v = knhk_shfl_down(*best, d);
    const size_t at = knhk_shfl_down(*best_at, d);
    argmax_step(best, best_at, v, at);
  }
  if (lane == 0) {
    values[warp] = *best;
    indices[warp] = *best_at;
  }
  __syncthreads();
  const unsigned warps = (blockDim.x + KNHK_WARP_SIZE - 1) / KNHK_WARP_SIZE;
  if (warp == 0) {
    *best = lane < warps ? values[lane] : 0.0f;
    *best_at = lane < warps ? indices[lane] : KNHK_NONE;
    for (int d = KNHK_WARP_SIZE / 2; d > 0; d /= 2) {
      const float v = knhk_shfl_down(*best, d);
      const size_t at = knhk_shfl_down(*best_at, d);
      argmax_step(best, best_at, v, at);
    }
  }
  __syncthreads();
}

// result_index[0] is the index of the first NaN, else of the first largest element (KNHK_NONE for n = 0).
KNHK_KERNEL void argmax_f32(const float* x, size_t xo, size_t xs, size_t n, float* partial_value,
                            size_t* partial_index, unsigned int* counter, size_t* result_index) {
  float best = 0.0f;
  size_t best_at = KNHK_NONE;
  KNHK_GRID_STRIDE(i, n) argmax_step(&best, &best_at, x[AT(xo, xs)], i);
  argmax_block(&best, &best_at);
  if (threadIdx.x == 0) {
    partial_value[blockIdx.x] = best;
    partial_index[blockIdx.x] = best_at;
  }
  if (!arrived_last(counter)) return;
  const volatile float* seen_value = partial_value;
  const volatile size_t* seen_index = partial_index;
  best = 0.0f;
  best_at = KNHK_NONE;
  for (unsigned i = threadIdx.x; i < gridDim.x; i += blockDim.x) argmax_step(&best, &best_at, seen_value[i], seen_index[i]);
  argmax_block(&best, &best_at);
  if (threadIdx.x == 0) {
    result_index[0] = best_at;
    *counter = 0;
  }
}
