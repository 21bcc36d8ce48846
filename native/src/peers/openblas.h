// OpenBLAS as a benchmark-only peer: libopenblas.so.0 opened with dlopen at run time (never
// linked), cblas_sgemm looked up with dlsym, and its threads set to one through
// openblas_set_num_threads, so that it is measured against one core of knhk's sgemm.
#pragma once

#include <cstddef>
#include <string>

namespace knhk {

// Opens the library once; empty when it is usable, else why not (e.g. "libopenblas.so.0:
// cannot open shared object file ...; apt-get install libopenblas0").
const std::string& openblas_status();

// C = A * B, row-major, m x k times k x n, dense (lda = k, ldb = n, ldc = n), on one thread.
// Only after openblas_status() is empty.
void openblas_sgemm(size_t m, size_t n, size_t k, const float* a, const float* b, float* c);

}  // namespace knhk
