// Teddy: a SIMD prefilter for multi-literal matching. Patterns are grouped into 8 buckets;
// for each of the first `width` bytes (1 to 3) of the patterns, two 16-entry tables map the
// low and the high nibble of an input byte to the buckets having a pattern with that nibble
// at that position. A position is a candidate when some bucket survives the AND over the
// `width` bytes; candidates are then verified exactly (src/pattern/). Kernels take raw
// pointers only: no N-API types.
#pragma once

#include <cstddef>
#include <cstdint>

namespace knhk {

// Most prefix bytes the masks cover.
constexpr size_t kTeddyWidthMax = 3;

// The nibble masks: bit b of lo[k][x] is set when bucket b has a pattern whose byte k has low
// nibble x; hi[k][x] likewise for the high nibble. Rows past `width` are unused.
struct TeddyMasks {
  alignas(16) uint8_t lo[kTeddyWidthMax][16];
  alignas(16) uint8_t hi[kTeddyWidthMax][16];
  size_t width;
};

// Receives candidate start positions in increasing order, with the surviving bucket bits.
using CandidateFn = void (*)(void* context, size_t position, uint32_t buckets);

// Reports every position p with p + width <= n whose bytes pass the masks of some bucket.
using TeddyScanU8 = void (*)(const TeddyMasks& masks, const uint8_t* data, size_t n, CandidateFn found,
                             void* context);

void teddy_u8_scalar(const TeddyMasks& masks, const uint8_t* data, size_t n, CandidateFn found, void* context);
#if defined(KNHK_X86)
void teddy_u8_avx2(const TeddyMasks& masks, const uint8_t* data, size_t n, CandidateFn found, void* context);
void teddy_u8_avx512(const TeddyMasks& masks, const uint8_t* data, size_t n, CandidateFn found, void* context);
#endif
#if defined(KNHK_ARM64) || defined(KNHK_SIMDE_EMULATION)
void teddy_u8_neon(const TeddyMasks& masks, const uint8_t* data, size_t n, CandidateFn found, void* context);
#endif

}  // namespace knhk
