// The one-position-at-a-time prefix filter every ISA uses for the positions its vectors do
// not cover. Internal linkage (static), so each ISA's compilation unit keeps its own copy.
#pragma once

#include <cstring>

#include "prefix_filter.h"

namespace knhk {

static inline bool prefix_bit(const PrefixFilter& filter, uint32_t key) {
  const uint32_t h = (key * kPrefixHashMultiplier) >> filter.shift;
  return ((filter.bitmap[h >> 5] >> (h & 31)) & 1) != 0;
}

// Reports the candidates among positions from..n-key_length.
static inline void prefix_filter_tail(const PrefixFilter& filter, const uint8_t* data, size_t from, size_t n,
                                      CandidateFn found, void* context) {
  if (n < filter.key_length) return;
  size_t p = from;
  for (; p + 4 <= n; ++p) {
    uint32_t word;
    std::memcpy(&word, data + p, 4);
    if (prefix_bit(filter, word & filter.key_mask)) found(context, p, 0);
  }
  for (; p + filter.key_length <= n; ++p) {
    uint32_t key = 0;
    std::memcpy(&key, data + p, filter.key_length);
    if (prefix_bit(filter, key)) found(context, p, 0);
  }
}

}  // namespace knhk
