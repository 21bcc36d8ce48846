// Multi-literal pattern matching as JS functions: compiled sets and streams are type-tagged
// externals (a released set answers KNHK_E_BUFFER_RELEASED), matches come back as two
// parallel typed arrays.
#pragma once

#include <napi.h>

#include "../kernels/pattern_kernels.h"

namespace knhk {

// Sets compilePatterns, patternStrategy, patternScan, patternRelease, patternOpenStream,
// patternStreamWrite and patternStreamClose on `target`; compiled sets use `kernels` (static).
void add_pattern_functions(Napi::Env env, Napi::Object target, const PatternKernels& kernels);

}  // namespace knhk
