// The element-wise and dot-product functions of one kernel table, as JS functions.
#pragma once

#include <napi.h>

#include "../kernels/kernels.h"

namespace knhk {

// Sets add, sub, mul, div, fma and dot on `target`, each bound to `table`.
void add_vector_functions(Napi::Env env, Napi::Object target, const KernelTable* table);

}  // namespace knhk
