// The reductions of one kernel table, as JS functions.
#pragma once

#include <napi.h>

#include "../kernels/kernels.h"

namespace knhk {

// Sets sum, min, max and argmax on `target`, each bound to `table`.
void add_reduce_functions(Napi::Env env, Napi::Object target, const KernelTable* table);

}  // namespace knhk
