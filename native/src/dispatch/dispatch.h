// Dispatch: the kernel table of each ISA, and the choice of one from the ISAs the CPU
// supports intersected with the ISAs the caller allows, falling through to scalar.
#pragma once

#include <cstdint>
#include <string>

#include "../cpu/cpu_features.h"
#include "../kernels/kernels.h"
#include "../kernels/pattern_kernels.h"

namespace knhk {

// The ISAs whose kernels this build contains.
uint32_t compiled_isas();

// The bit of an ISA name ("scalar", "avx2", "avx512", "neon"), or 0 for an unknown name.
uint32_t isa_bit(const std::string& name);

// The name of one ISA bit.
const char* isa_name(uint32_t bit);

// The best ISA in supported & compiled & allowed; kIsaScalar when none is left.
uint32_t choose_isa(uint32_t allowed);

// The kernels of one ISA bit (which must be compiled in).
const KernelTable& kernel_table(uint32_t bit);

// The pattern prefilters of one ISA bit (which must be compiled in).
const PatternKernels& pattern_kernels(uint32_t bit);

}  // namespace knhk
