// The byte-at-a-time Teddy test every ISA uses for the positions its vectors do not cover.
// Internal linkage (static), so each ISA's compilation unit keeps its own copy.
#pragma once

#include <cstddef>
#include <cstdint>

#include "teddy.h"

namespace knhk {

// The buckets position p passes (p + masks.width <= n).
static inline uint32_t teddy_buckets_at(const TeddyMasks& masks, const uint8_t* data, size_t p) {
  uint32_t buckets = 0xff;
  for (size_t k = 0; k < masks.width; ++k) {
    const uint8_t byte = data[p + k];
    buckets &= static_cast<uint32_t>(masks.lo[k][byte & 0x0f] & masks.hi[k][byte >> 4]);
  }
  return buckets;
}

// Reports the candidates among positions from..n-width.
static inline void teddy_tail(const TeddyMasks& masks, const uint8_t* data, size_t from, size_t n,
                              CandidateFn found, void* context) {
  if (n < masks.width) return;
  for (size_t p = from; p + masks.width <= n; ++p) {
    const uint32_t buckets = teddy_buckets_at(masks, data, p);
    if (buckets != 0) found(context, p, buckets);
  }
}

}  // namespace knhk
