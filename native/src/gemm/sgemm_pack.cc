#include "sgemm_pack.h"

#include <cstring>

namespace knhk {

namespace {

// One panel of `rows` (<= mr) rows of A stored untransposed: for each step of k, one element
// of each row (mr read streams, one contiguous write stream).
void pack_a_rows(const float* a, size_t lda, size_t rows, size_t kc, size_t mr, float* out) {
  for (size_t p = 0; p < kc; ++p, out += mr) {
    for (size_t r = 0; r < rows; ++r) out[r] = a[r * lda + p];
    for (size_t r = rows; r < mr; ++r) out[r] = 0.0f;
  }
}

// One panel of A stored transposed (k x m): each step of k is a contiguous run of rows.
void pack_a_columns(const float* a, size_t lda, size_t rows, size_t kc, size_t mr, float* out) {
  for (size_t p = 0; p < kc; ++p, out += mr) {
    std::memcpy(out, a + p * lda, rows * sizeof(float));
    for (size_t r = rows; r < mr; ++r) out[r] = 0.0f;
  }
}

// One panel of `cols` (<= nr) columns of B stored untransposed: a contiguous run per step of k.
void pack_b_rows(const float* b, size_t ldb, size_t cols, size_t kc, size_t nr, float* out) {
  for (size_t p = 0; p < kc; ++p, out += nr) {
    std::memcpy(out, b + p * ldb, cols * sizeof(float));
    for (size_t j = cols; j < nr; ++j) out[j] = 0.0f;
  }
}

// One panel of B stored transposed (n x k): a strided gather per column.
void pack_b_columns(const float* b, size_t ldb, size_t cols, size_t kc, size_t nr, float* out) {
  for (size_t j = 0; j < cols; ++j) {
    const float* src = b + j * ldb;
    for (size_t p = 0; p < kc; ++p) out[p * nr + j] = src[p];
  }
  for (size_t j = cols; j < nr; ++j) {
    for (size_t p = 0; p < kc; ++p) out[p * nr + j] = 0.0f;
  }
}

}  // namespace

void pack_a_f32(const SgemmCall& call, size_t i0, size_t mc, size_t p0, size_t kc, size_t mr, float* out) {
  for (size_t q = 0; q * mr < mc; ++q, out += kc * mr) {
    const size_t i = i0 + q * mr;
    const size_t rows = mc - q * mr < mr ? mc - q * mr : mr;
    if (call.trans_a) {
      pack_a_columns(call.a + p0 * call.lda + i, call.lda, rows, kc, mr, out);
    } else {
      pack_a_rows(call.a + i * call.lda + p0, call.lda, rows, kc, mr, out);
    }
  }
}

void pack_b_f32(const SgemmCall& call, size_t p0, size_t kc, size_t j0, size_t j_end, size_t q0, size_t q1, size_t nr,
                float* out) {
  for (size_t q = q0; q < q1; ++q) {
    const size_t j = j0 + q * nr;
    const size_t cols = j_end - j < nr ? j_end - j : nr;
    float* panel = out + q * kc * nr;
    if (call.trans_b) {
      pack_b_columns(call.b + j * call.ldb + p0, call.ldb, cols, kc, nr, panel);
    } else {
      pack_b_rows(call.b + p0 * call.ldb + j, call.ldb, cols, kc, nr, panel);
    }
  }
}

}  // namespace knhk
