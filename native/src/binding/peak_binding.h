// The FMA peak kernel of one kernel table, as a JS function (for benchmarks).
#pragma once

#include <napi.h>

#include "../kernels/kernels.h"

namespace knhk {

// Sets fmaPeak(iterations) and fmaPeakFlopsPerIteration on `target`, bound to `table`.
void add_peak_function(Napi::Env env, Napi::Object target, const KernelTable* table);

}  // namespace knhk
