// The `vector` family's comparison masks: out[i] = 1 where a[i] <op> b[i] (or the scalar b),
// else 0, as bytes. Operation codes as in every knhk backend: 0 lt, 1 le, 2 gt, 3 ge, 4 eq,
// 5 ne (NaN compares false except under ne).
#include "knhk_portability.cuh"

#define AT(offset, stride) ((offset) + i * (stride))

__device__ __forceinline__ unsigned char compare_f32(float x, float y, int op) {
  switch (op) {
    case 0:
      return x < y;
    case 1:
      return x <= y;
    case 2:
      return x > y;
    case 3:
      return x >= y;
    case 4:
      return x == y;
    default:
      return x != y;
  }
}

KNHK_KERNEL void compare_f32_f32(const float* a, size_t ao, size_t as, const float* b, size_t bo, size_t bs, int op,
                                 unsigned char* out, size_t oo, size_t os, size_t n) {
  KNHK_GRID_STRIDE(i, n) out[AT(oo, os)] = compare_f32(a[AT(ao, as)], b[AT(bo, bs)], op);
}

KNHK_KERNEL void compare_f32_scalar(const float* a, size_t ao, size_t as, float b, int op, unsigned char* out,
                                    size_t oo, size_t os, size_t n) {
  KNHK_GRID_STRIDE(i, n) out[AT(oo, os)] = compare_f32(a[AT(ao, as)], b, op);
}
