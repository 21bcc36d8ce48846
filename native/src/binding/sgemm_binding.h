// sgemm of one kernel table, as a JS function.
#pragma once

#include <napi.h>

#include "../kernels/kernels.h"

namespace knhk {

// Sets sgemm on `target`, bound to `table`'s micro-kernel.
void add_sgemm_function(Napi::Env env, Napi::Object target, const KernelTable* table);

}  // namespace knhk
