// Benchmark-only peers, as JS functions.
#pragma once

#include <napi.h>

namespace knhk {

// openblasStatus(): '' when OpenBLAS is usable, else why not; openblasSgemm(a, b, c, m, n, k):
// C = A * B on one thread (dense row-major), returns c.
void add_peer_functions(Napi::Env env, Napi::Object exports);

}  // namespace knhk
