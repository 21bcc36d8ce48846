// cpuid and xgetbv on x86; the auxiliary vector's HWCAP_ASIMD on aarch64 Linux; elsewhere
// only the scalar kernels are usable.
#include "cpu_features.h"

#if defined(KNHK_X86)
#include <cpuid.h>
#endif
#if defined(KNHK_ARM64)
#include <asm/hwcap.h>
#include <sys/auxv.h>
#endif

namespace knhk {

namespace {

#if defined(KNHK_X86)
uint64_t read_xcr0() {
  uint32_t lo = 0;
  uint32_t hi = 0;
  __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  return (static_cast<uint64_t>(hi) << 32) | lo;
}

CpuFeatures detect() {
  CpuFeatures f;
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  if (__get_cpuid(1, &eax, &ebx, &ecx, &edx) == 0) return f;
  f.fma = (ecx & (1u << 12)) != 0;
  const bool osxsave = (ecx & (1u << 27)) != 0;
  if (osxsave) {
    const uint64_t xcr0 = read_xcr0();
    f.os_ymm = (xcr0 & 0x6u) == 0x6u;
    f.os_zmm = f.os_ymm && (xcr0 & 0xE0u) == 0xE0u;
  }
  if (__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx) == 0) return f;
  f.avx2 = (ebx & (1u << 5)) != 0;
  f.avx512f = (ebx & (1u << 16)) != 0;
  f.avx512dq = (ebx & (1u << 17)) != 0;
  f.avx512bw = (ebx & (1u << 30)) != 0;
  f.avx512vl = (ebx & (1u << 31)) != 0;
  return f;
}
#elif defined(KNHK_ARM64)
CpuFeatures detect() {
  CpuFeatures f;
  f.neon = (getauxval(AT_HWCAP) & HWCAP_ASIMD) != 0;
  return f;
}
#else
CpuFeatures detect() { return CpuFeatures(); }
#endif

}  // namespace

const CpuFeatures& cpu_features() {
  static const CpuFeatures features = detect();
  return features;
}

uint32_t supported_isas() {
  const CpuFeatures& f = cpu_features();
  uint32_t mask = kIsaScalar;
  if (f.avx2 && f.fma && f.os_ymm) mask |= kIsaAvx2;
  if (f.avx512f && f.avx512bw && f.avx512vl && f.avx512dq && f.os_zmm) mask |= kIsaAvx512;
#if defined(KNHK_AVX512_EMULATION)
  // The test-only emulation build (native/emulation): its avx512 kernels run on SIMDe.
  mask |= kIsaAvx512;
#endif
  if (f.neon) mask |= kIsaNeon;
  return mask;
}

}  // namespace knhk
