// sgemm(a, b, c, m, n, k, alpha, beta, transA, transB, lda, ldb, ldc, aOffset, bOffset,
// cOffset): C = alpha * op(A) * op(B) + beta * C in place, row-major, as core's SgemmParams
// describes; returns c. Every argument is checked here, whatever the caller checked before:
// Float32Arrays (KNHK_E_ARG_TYPE), counts and offsets (KNHK_E_ARG_RANGE), finite alpha and
// beta (KNHK_E_ARG_INVALID), leading dimensions and matrices inside their arrays
// (KNHK_E_ARG_SHAPE), and A or B sharing memory with C (KNHK_E_ARG_INVALID: the caller
// passes a copy). When alpha or k is 0, A and B are not read and not checked for shape.
#include "sgemm_binding.h"

#include <new>
#include <string>

#include "../gemm/sgemm_blocked.h"
#include "args.h"
#include "errors.h"

namespace knhk {

namespace {

const char* const kOp = "native.sgemm";

const KernelTable& table_of(const Napi::CallbackInfo& info) { return *static_cast<const KernelTable*>(info.Data()); }

// A stored rows x cols matrix at `offset` with leading dimension `ld`: ld >= cols, and its
// last element inside the array. Returns the element range [offset, end) it spans.
struct Span {
  size_t begin;
  size_t end;
};

Span checked_matrix(Napi::Env env, const char* name, size_t rows, size_t cols, size_t ld, size_t offset,
                    size_t length) {
  const std::string what = std::string(kOp) + ": " + name;
  if (ld < cols || ld == 0) {
    throw_coded(env, "KNHK_E_ARG_SHAPE",
                what + " needs a leading dimension of at least " + std::to_string(cols > 0 ? cols : 1) + ", got " +
                    std::to_string(ld));
  }
  if (rows == 0 || cols == 0) return Span{offset, offset};
  size_t last = 0;
  if (__builtin_mul_overflow(rows - 1, ld, &last) || __builtin_add_overflow(last, offset + cols, &last) ||
      last > length) {
    throw_coded(env, "KNHK_E_ARG_SHAPE",
                what + " of " + std::to_string(rows) + " x " + std::to_string(cols) + " (leading dimension " +
                    std::to_string(ld) + ", offset " + std::to_string(offset) + ") does not fit in " +
                    std::to_string(length) + " elements");
  }
  return Span{offset, last};
}

bool overlaps(const float* x, Span xs, const float* y, Span ys) {
  if (xs.begin == xs.end || ys.begin == ys.end) return false;
  return x + xs.begin < y + ys.end && y + ys.begin < x + xs.end;
}

Napi::Value sgemm(const Napi::CallbackInfo& info) {
  expect_arg_count(info, 16, kOp);
  const Napi::Env env = info.Env();
  const F32Span a = f32_arg(info, 0, kOp, "a");
  const F32Span b = f32_arg(info, 1, kOp, "b");
  const F32Span c = f32_arg(info, 2, kOp, "c");
  SgemmCall call{};
  call.m = count_arg(info, 3, kOp, "m");
  call.n = count_arg(info, 4, kOp, "n");
  call.k = count_arg(info, 5, kOp, "k");
  call.alpha = static_cast<float>(finite_arg(info, 6, kOp, "alpha"));
  call.beta = static_cast<float>(finite_arg(info, 7, kOp, "beta"));
  call.trans_a = bool_arg(info, 8, kOp, "transA");
  call.trans_b = bool_arg(info, 9, kOp, "transB");
  call.lda = count_arg(info, 10, kOp, "lda");
  call.ldb = count_arg(info, 11, kOp, "ldb");
  call.ldc = count_arg(info, 12, kOp, "ldc");
  const size_t a_offset = count_arg(info, 13, kOp, "aOffset");
  const size_t b_offset = count_arg(info, 14, kOp, "bOffset");
  const size_t c_offset = count_arg(info, 15, kOp, "cOffset");
  const Span cs = checked_matrix(env, "C", call.m, call.n, call.ldc, c_offset, c.length);
  call.c = c.data + c_offset;
  if (call.alpha != 0.0f && call.k != 0) {
    const Span as = checked_matrix(env, "A", call.trans_a ? call.k : call.m, call.trans_a ? call.m : call.k, call.lda,
                                   a_offset, a.length);
    const Span bs = checked_matrix(env, "B", call.trans_b ? call.n : call.k, call.trans_b ? call.k : call.n, call.ldb,
                                   b_offset, b.length);
    if (overlaps(a.data, as, c.data, cs) || overlaps(b.data, bs, c.data, cs)) {
      throw_coded(env, "KNHK_E_ARG_INVALID", std::string(kOp) + ": A or B shares memory with C; pass a copy");
    }
    call.a = a.data + a_offset;
    call.b = b.data + b_offset;
  }
  try {
    sgemm_blocked_f32(*table_of(info).sgemm, call, shared_pool(), shared_pool().threads());
  } catch (const std::bad_alloc&) {
    throw_coded(env, "KNHK_E_ARG_RANGE", std::string(kOp) + ": cannot allocate the packing buffers for this size");
  }
  return info[2];
}

}  // namespace

void add_sgemm_function(Napi::Env env, Napi::Object target, const KernelTable* table) {
  void* data = const_cast<KernelTable*>(table);
  target.Set("sgemm", Napi::Function::New(env, sgemm, "sgemm", data));
}

}  // namespace knhk
