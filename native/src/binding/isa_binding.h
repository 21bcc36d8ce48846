// What the CPU supports and the kernel sets per ISA, as JS functions.
#pragma once

#include <napi.h>

namespace knhk {

// features(), supportedIsas(), compiledIsas(), choose(allowed) and kernels(isa).
void add_isa_functions(Napi::Env env, Napi::Object exports);

}  // namespace knhk
