#include "openblas.h"

#include <dlfcn.h>

namespace knhk {

namespace {

// CBLAS enums, as cblas.h numbers them.
constexpr int kCblasRowMajor = 101;
constexpr int kCblasNoTrans = 111;

using CblasSgemm = void (*)(int order, int trans_a, int trans_b, int m, int n, int k, float alpha, const float* a,
                            int lda, const float* b, int ldb, float beta, float* c, int ldc);
using SetNumThreads = void (*)(int threads);

struct OpenBlas {
  std::string status;
  CblasSgemm sgemm = nullptr;
};

OpenBlas open_library() {
  OpenBlas lib;
  void* handle = dlopen("libopenblas.so.0", RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* error = dlerror();
    lib.status = std::string(error != nullptr ? error : "libopenblas.so.0 not found") +
                 "; install OpenBLAS to compare with it (apt-get install libopenblas0)";
    return lib;
  }
  lib.sgemm = reinterpret_cast<CblasSgemm>(dlsym(handle, "cblas_sgemm"));
  const auto set_threads = reinterpret_cast<SetNumThreads>(dlsym(handle, "openblas_set_num_threads"));
  if (lib.sgemm == nullptr || set_threads == nullptr) {
    lib.status = "libopenblas.so.0 lacks cblas_sgemm or openblas_set_num_threads";
    return lib;
  }
  set_threads(1);
  return lib;
}

const OpenBlas& library() {
  static const OpenBlas lib = open_library();
  return lib;
}

}  // namespace

const std::string& openblas_status() { return library().status; }

void openblas_sgemm(size_t m, size_t n, size_t k, const float* a, const float* b, float* c) {
  const int mi = static_cast<int>(m);
  const int ni = static_cast<int>(n);
  const int ki = static_cast<int>(k);
  library().sgemm(kCblasRowMajor, kCblasNoTrans, kCblasNoTrans, mi, ni, ki, 1.0f, a, ki, b, ni, 0.0f, c, ni);
}

}  // namespace knhk
