// The hashed-prefix prefilter for pattern sets too large for Teddy: the first `key_length`
// bytes (1 to 4) at a position, as a little-endian integer, are hashed multiplicatively into
// a bitmap that has a bit set for every pattern's prefix; positions whose bit is set are
// candidates, verified exactly afterwards (src/pattern/). Kernels take raw pointers only.
#pragma once

#include <cstddef>
#include <cstdint>

#include "teddy.h"

namespace knhk {

// The multiplier of the prefix hash: h = (key * kPrefixHashMultiplier) >> shift.
constexpr uint32_t kPrefixHashMultiplier = 0x9E3779B1u;

struct PrefixFilter {
  const uint32_t* bitmap;  // 2^(32 - shift) bits, little-endian words
  uint32_t shift;          // 10 .. 31
  uint32_t key_mask;       // the low key_length bytes
  size_t key_length;       // 1 .. 4
};

// Reports, in increasing order, every position p with p + key_length <= n whose bit is set.
// The bucket argument of `found` is unused (0).
using PrefixFilterU8 = void (*)(const PrefixFilter& filter, const uint8_t* data, size_t n, CandidateFn found,
                                void* context);

void prefix_filter_u8_scalar(const PrefixFilter& filter, const uint8_t* data, size_t n, CandidateFn found,
                             void* context);
#if defined(KNHK_X86)
void prefix_filter_u8_avx2(const PrefixFilter& filter, const uint8_t* data, size_t n, CandidateFn found,
                           void* context);
void prefix_filter_u8_avx512(const PrefixFilter& filter, const uint8_t* data, size_t n, CandidateFn found,
                             void* context);
#endif

}  // namespace knhk
