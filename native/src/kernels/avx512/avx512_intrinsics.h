// The AVX-512 intrinsics the avx512 kernels use: the compiler's own (<immintrin.h>, built
// with -mavx512f -mavx512bw -mavx512vl -mavx512dq), or, in the test-only emulation build
// (native/emulation, KNHK_AVX512_EMULATION), SIMDe's portable implementations of the same
// intrinsics, so that the very same kernel sources can be checked on CPUs without AVX-512.
// The emulation build is never loaded by the backends.
#pragma once

#if defined(KNHK_AVX512_EMULATION)
#define SIMDE_ENABLE_NATIVE_ALIASES
#include <simde/x86/avx512.h>
#else
#include <immintrin.h>
#endif
