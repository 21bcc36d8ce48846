/**
 * OpenCL C kernels of the `vector` capability: element-wise arithmetic, comparison masks and
 * the dot product. Every operand is a buffer with an element offset and stride; one work-item
 * per element. Contraction is off, so add, sub, mul and div round exactly as IEEE binary32
 * (division: see {@link divisionDefine})
 * and fma is the one fused operation.
 */
import type { KernelSource } from './kernel-source.js';

const ELEMENTWISE = ['add', 'sub', 'mul', 'div'] as const;
/** The expression of each operation on floats x and y; DIV is defined by the build options (see {@link divisionDefine}). */
const EXPRESSION = { add: '($X) + ($Y)', sub: '($X) - ($Y)', mul: '($X) * ($Y)', div: 'DIV($X, $Y)' } as const;

function expression(name: (typeof ELEMENTWISE)[number], x: string, y: string): string {
  return EXPRESSION[name].replace('$X', x).replace('$Y', y);
}

/**
 * How the programs divide, as a build option (`KNHK_DIVIDE`), or undefined when the device
 * cannot divide correctly rounded: 1, the float division, built with
 * `-cl-fp32-correctly-rounded-divide-sqrt`; 2, a double division rounded to float (correctly
 * rounded: 53 >= 2 * 24 + 2 bits, so the double rounding is innocuous), where the device has
 * cl_khr_fp64 but no correctly rounded float division.
 */
export function divisionDefine(device: {
  readonly correctlyRoundedDivide: boolean;
  readonly extensions: string;
}): string | undefined {
  if (device.correctlyRoundedDivide) return '-D KNHK_DIVIDE=1';
  if (device.extensions.split(/\s+/).includes('cl_khr_fp64')) return '-D KNHK_DIVIDE=2';
  return undefined;
}

/** The strided kernel `<op>_f32`, and `<op>_f32_dense` for operands of stride 1 (which compilers vectorise). */
function binaryKernel(name: (typeof ELEMENTWISE)[number]): string {
  return `
kernel void ${name}_f32(global const float* a, uint ao, uint as, global const float* b, uint bo, uint bs,
                        global float* out, uint oo, uint os) {
  const size_t i = get_global_id(0);
  out[AT(oo, os)] = ${expression(name, 'a[AT(ao, as)]', 'b[AT(bo, bs)]')};
}

kernel void ${name}_f32_dense(global const float* a, uint ao, global const float* b, uint bo, global float* out, uint oo) {
  const size_t i = get_global_id(0);
  out[oo + i] = ${expression(name, 'a[ao + i]', 'b[bo + i]')};
}`;
}

/** The `vector` program. Comparison codes: 0 lt, 1 le, 2 gt, 3 ge, 4 eq, 5 ne. */
export const VECTOR_PROGRAM: KernelSource = {
  name: 'vector',
  source: `
#pragma OPENCL FP_CONTRACT OFF
#if KNHK_DIVIDE == 2
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#define DIV(x, y) ((float)((double)(x) / (double)(y)))
#else
#define DIV(x, y) ((x) / (y))
#endif
#define AT(offset, stride) ((size_t)(offset) + i * (size_t)(stride))
/* Each work-group takes one contiguous block of the n elements; its items stride through the
   block by the group size (contiguous for a CPU's caches, coalesced on a GPU). */
#define FOR_GROUP_BLOCK(i, n) \
  for (size_t per_ = ((size_t)(n) + get_num_groups(0) - 1) / get_num_groups(0), \
              end_ = min((size_t)(n), get_group_id(0) * per_ + per_), \
              i = get_group_id(0) * per_ + get_local_id(0); \
       i < end_; i += get_local_size(0))
${ELEMENTWISE.map(binaryKernel).join('\n')}

kernel void fma_f32(global const float* a, uint ao, uint as, global const float* b, uint bo, uint bs,
                    global const float* c, uint co, uint cs, global float* out, uint oo, uint os) {
  const size_t i = get_global_id(0);
  out[AT(oo, os)] = fma(a[AT(ao, as)], b[AT(bo, bs)], c[AT(co, cs)]);
}

kernel void fma_f32_dense(global const float* a, uint ao, global const float* b, uint bo, global const float* c, uint co,
                          global float* out, uint oo) {
  const size_t i = get_global_id(0);
  out[oo + i] = fma(a[ao + i], b[bo + i], c[co + i]);
}

uchar compare_f32(float x, float y, int op) {
  switch (op) {
    case 0: return x < y;
    case 1: return x <= y;
    case 2: return x > y;
    case 3: return x >= y;
    case 4: return x == y;
    default: return x != y;
  }
}

kernel void compare_f32_f32(global const float* a, uint ao, uint as, global const float* b, uint bo, uint bs,
                            int op, global uchar* out, uint oo, uint os) {
  const size_t i = get_global_id(0);
  out[AT(oo, os)] = compare_f32(a[AT(ao, as)], b[AT(bo, bs)], op);
}

kernel void compare_f32_scalar(global const float* a, uint ao, uint as, float b, int op,
                               global uchar* out, uint oo, uint os) {
  const size_t i = get_global_id(0);
  out[AT(oo, os)] = compare_f32(a[AT(ao, as)], b, op);
}

/* One partial sum per work-group: each work-item accumulates a grid-strided share in float,
   then the group adds its items' sums as a tree in local memory (local size a power of two). */
kernel void dot_f32(global const float* a, uint ao, uint as, global const float* b, uint bo, uint bs, uint n,
                    global float* partial, local float* scratch) {
  const size_t lid = get_local_id(0);
  float acc = 0.0f;
  FOR_GROUP_BLOCK(i, n) acc += a[AT(ao, as)] * b[AT(bo, bs)];
  scratch[lid] = acc;
  barrier(CLK_LOCAL_MEM_FENCE);
  for (size_t width = get_local_size(0) / 2; width > 0; width /= 2) {
    if (lid < width) scratch[lid] += scratch[lid + width];
    barrier(CLK_LOCAL_MEM_FENCE);
  }
  if (lid == 0) partial[get_group_id(0)] = scratch[0];
}
`,
};
