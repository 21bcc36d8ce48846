// The `vector` family's element-wise kernels: add, sub, mul, div and fma on f32, each as a
// strided kernel `<op>_f32` (offset and stride per operand, in elements) and a dense one
// `<op>_f32_dense` (stride 1, float4 loads where all three operands are 16-byte aligned).
// Built with -fmad=false so add, sub and mul round exactly as IEEE binary32 (no contraction)
// and -prec-div=true so division is correctly rounded; fma is the one fused operation.
#include "knhk_portability.cuh"

#define AT(offset, stride) ((offset) + i * (stride))

struct AddOp {
  __device__ static float apply(float x, float y) { return x + y; }
};
struct SubOp {
  __device__ static float apply(float x, float y) { return x - y; }
};
struct MulOp {
  __device__ static float apply(float x, float y) { return x * y; }
};
struct DivOp {
  __device__ static float apply(float x, float y) { return x / y; }
};

template <typename Op>
__device__ void binary_strided(const float* a, size_t ao, size_t as, const float* b, size_t bo, size_t bs, float* out,
                               size_t oo, size_t os, size_t n) {
  KNHK_GRID_STRIDE(i, n) out[AT(oo, os)] = Op::apply(a[AT(ao, as)], b[AT(bo, bs)]);
}

// Dense: when every operand starts 16-byte aligned, threads take float4s, then the tail singly.
template <typename Op>
__device__ void binary_dense(const float* a, const float* b, float* out, size_t n) {
  const bool aligned = ((reinterpret_cast<size_t>(a) | reinterpret_cast<size_t>(b) | reinterpret_cast<size_t>(out)) & 15) == 0;
  size_t done = 0;
  if (aligned) {
    const size_t quads = n / 4;
    const float4* a4 = reinterpret_cast<const float4*>(a);
    const float4* b4 = reinterpret_cast<const float4*>(b);
    float4* o4 = reinterpret_cast<float4*>(out);
    KNHK_GRID_STRIDE(q, quads) {
      const float4 x = a4[q];
      const float4 y = b4[q];
      o4[q] = make_float4(Op::apply(x.x, y.x), Op::apply(x.y, y.y), Op::apply(x.z, y.z), Op::apply(x.w, y.w));
    }
    done = quads * 4;
  }
  KNHK_GRID_STRIDE(j, n - done) out[done + j] = Op::apply(a[done + j], b[done + j]);
}

#define KNHK_BINARY(name, Op)                                                                                 \
  KNHK_KERNEL void name##_f32(const float* a, size_t ao, size_t as, const float* b, size_t bo, size_t bs,      \
                              float* out, size_t oo, size_t os, size_t n) {                                   \
    binary_strided<Op>(a, ao, as, b, bo, bs, out, oo, os, n);                                                 \
  }                                                                                                           \
  KNHK_KERNEL void name##_f32_dense(const float* a, size_t ao, const float* b, size_t bo, float* out, size_t oo, \
                                    size_t n) {                                                               \
    binary_dense<Op>(a + ao, b + bo, out + oo, n);                                                            \
  }

KNHK_BINARY(add, AddOp)
KNHK_BINARY(sub, SubOp)
KNHK_BINARY(mul, MulOp)
KNHK_BINARY(div, DivOp)

KNHK_KERNEL void fma_f32(const float* a, size_t ao, size_t as, const float* b, size_t bo, size_t bs, const float* c,
                         size_t co, size_t cs, float* out, size_t oo, size_t os, size_t n) {
  KNHK_GRID_STRIDE(i, n) out[AT(oo, os)] = fmaf(a[AT(ao, as)], b[AT(bo, bs)], c[AT(co, cs)]);
}

KNHK_KERNEL void fma_f32_dense(const float* a, size_t ao, const float* b, size_t bo, const float* c, size_t co,
                               float* out, size_t oo, size_t n) {
  KNHK_GRID_STRIDE(i, n) out[oo + i] = fmaf(a[ao + i], b[bo + i], c[co + i]);
}

// A plain copy, the yardstick of device bandwidth that the benchmarks compare vector ops with.
KNHK_KERNEL void copy_f32_dense(const float* a, size_t ao, float* out, size_t oo, size_t n) {
  KNHK_GRID_STRIDE(i, n) out[oo + i] = a[ao + i];
}
