// The prefilters a compiled pattern set scans with, chosen per instruction set by dispatch.
#pragma once

#include "prefix_filter.h"
#include "teddy.h"

namespace knhk {

// The pattern kernels of one instruction set.
struct PatternKernels {
  const char* isa;
  TeddyScanU8 teddy;
  PrefixFilterU8 prefix_filter;
};

}  // namespace knhk
