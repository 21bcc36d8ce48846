// Runtime CPU feature detection: what the processor reports (cpuid) and what the operating
// system saves on a context switch (xgetbv), combined into a bitmask of usable ISAs.
#pragma once

#include <cstdint>

namespace knhk {

// One bit per instruction set the kernels are built for.
enum IsaBit : uint32_t {
  kIsaScalar = 1u << 0,
  kIsaAvx2 = 1u << 1,
  kIsaAvx512 = 1u << 2,
  kIsaNeon = 1u << 3,
};

struct CpuFeatures {
  bool avx2 = false;
  bool fma = false;
  bool avx512f = false;
  bool avx512bw = false;
  bool avx512vl = false;
  bool avx512dq = false;
  bool os_ymm = false;  // the OS saves YMM state (XCR0 bits 1 and 2)
  bool os_zmm = false;  // the OS saves opmask and ZMM state (XCR0 bits 5, 6 and 7)
  bool neon = false;    // AArch64 ASIMD (the kernel's HWCAP_ASIMD)
};

// The features of this CPU, detected once.
const CpuFeatures& cpu_features();

// The ISAs both the CPU and the OS support (kIsaScalar always).
uint32_t supported_isas();

}  // namespace knhk
