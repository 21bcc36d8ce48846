/**
 * OpenCL C kernels of the `reduce` capability: work-group reductions that leave one partial
 * result per group, which the host combines. Sums accumulate in float; min and max propagate
 * NaN; argmax keeps the first NaN, else the first largest element (by index on ties).
 */
import type { KernelSource } from './kernel-source.js';

/** The `reduce` program. */
export const REDUCE_PROGRAM: KernelSource = {
  name: 'reduce',
  source: `
#define AT(offset, stride) ((size_t)(offset) + i * (size_t)(stride))
/* Each work-group takes one contiguous block of the n elements; its items stride through the
   block by the group size (contiguous for a CPU's caches, coalesced on a GPU). */
#define FOR_GROUP_BLOCK(i, n) \
  for (size_t per_ = ((size_t)(n) + get_num_groups(0) - 1) / get_num_groups(0), \
              end_ = min((size_t)(n), get_group_id(0) * per_ + per_), \
              i = get_group_id(0) * per_ + get_local_id(0); \
       i < end_; i += get_local_size(0))
#define NONE 0xffffffffu

float min_nan(float best, float x) { return (isnan(x) || x < best || (x == best && signbit(x))) ? x : best; }
float max_nan(float best, float x) { return (isnan(x) || x > best || (x == best && !signbit(x))) ? x : best; }

/* Whether (v, at) beats (best, bestAt) for argmax: NaN first, then larger, then smaller index. */
bool argmax_beats(float v, uint at, float best, uint bestAt) {
  if (at == NONE) return false;
  if (bestAt == NONE) return true;
  if (isnan(best)) return isnan(v) && at < bestAt;
  if (isnan(v)) return true;
  return v > best || (v == best && at < bestAt);
}

kernel void sum_f32(global const float* x, uint xo, uint xs, uint n, global float* partial, local float* scratch) {
  const size_t lid = get_local_id(0);
  float acc = 0.0f;
  FOR_GROUP_BLOCK(i, n) acc += x[AT(xo, xs)];
  scratch[lid] = acc;
  barrier(CLK_LOCAL_MEM_FENCE);
  for (size_t width = get_local_size(0) / 2; width > 0; width /= 2) {
    if (lid < width) scratch[lid] += scratch[lid + width];
    barrier(CLK_LOCAL_MEM_FENCE);
  }
  if (lid == 0) partial[get_group_id(0)] = scratch[0];
}

kernel void min_f32(global const float* x, uint xo, uint xs, uint n, global float* partial, local float* scratch) {
  const size_t lid = get_local_id(0);
  float best = INFINITY;
  FOR_GROUP_BLOCK(i, n) best = min_nan(best, x[AT(xo, xs)]);
  scratch[lid] = best;
  barrier(CLK_LOCAL_MEM_FENCE);
  for (size_t width = get_local_size(0) / 2; width > 0; width /= 2) {
    if (lid < width) scratch[lid] = min_nan(scratch[lid], scratch[lid + width]);
    barrier(CLK_LOCAL_MEM_FENCE);
  }
  if (lid == 0) partial[get_group_id(0)] = scratch[0];
}

kernel void max_f32(global const float* x, uint xo, uint xs, uint n, global float* partial, local float* scratch) {
  const size_t lid = get_local_id(0);
  float best = -INFINITY;
  FOR_GROUP_BLOCK(i, n) best = max_nan(best, x[AT(xo, xs)]);
  scratch[lid] = best;
  barrier(CLK_LOCAL_MEM_FENCE);
  for (size_t width = get_local_size(0) / 2; width > 0; width /= 2) {
    if (lid < width) scratch[lid] = max_nan(scratch[lid], scratch[lid + width]);
    barrier(CLK_LOCAL_MEM_FENCE);
  }
  if (lid == 0) partial[get_group_id(0)] = scratch[0];
}

kernel void argmax_f32(global const float* x, uint xo, uint xs, uint n, global float* partialValue,
                       global uint* partialAt, local float* values, local uint* ats) {
  const size_t lid = get_local_id(0);
  float best = -INFINITY;
  uint bestAt = NONE;
  FOR_GROUP_BLOCK(i, n) {
    const float v = x[AT(xo, xs)];
    if (argmax_beats(v, (uint)i, best, bestAt)) {
      best = v;
      bestAt = (uint)i;
    }
  }
  values[lid] = best;
  ats[lid] = bestAt;
  barrier(CLK_LOCAL_MEM_FENCE);
  for (size_t width = get_local_size(0) / 2; width > 0; width /= 2) {
    if (lid < width && argmax_beats(values[lid + width], ats[lid + width], values[lid], ats[lid])) {
      values[lid] = values[lid + width];
      ats[lid] = ats[lid + width];
    }
    barrier(CLK_LOCAL_MEM_FENCE);
  }
  if (lid == 0) {
    partialValue[get_group_id(0)] = values[0];
    partialAt[get_group_id(0)] = ats[0];
  }
}
`,
};
