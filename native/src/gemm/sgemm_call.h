// One sgemm call: C = alpha * op(A) * op(B) + beta * C, row-major, as in BLAS. op(A) is
// m x k (stored k x m when trans_a), op(B) is k x n (stored n x k when trans_b), C is m x n.
// Pointers are the first element of each matrix; the boundary has checked that every
// element addressed lies inside its array and that A and B do not share memory with C.
#pragma once

#include <cstddef>

namespace knhk {

struct SgemmCall {
  size_t m;
  size_t n;
  size_t k;
  float alpha;
  float beta;
  bool trans_a;
  bool trans_b;
  const float* a;
  size_t lda;
  const float* b;
  size_t ldb;
  float* c;
  size_t ldc;
};

}  // namespace knhk
