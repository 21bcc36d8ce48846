// Teddy candidates with NEON: 16 positions per step. For prefix byte k the input is loaded at
// offset k, split into nibbles, and each nibble selects its bucket bits with a 16-entry table
// lookup (vqtbl1q_u8, the counterpart of pshufb); the AND over k leaves the buckets of each
// position.
#include "../teddy.h"
#include "../teddy_tail.h"
#include "neon_intrinsics.h"

namespace knhk {

namespace {

constexpr size_t kLanes = 16;

void report(uint8x16_t buckets, size_t base, CandidateFn found, void* context) {
  if (vmaxvq_u8(buckets) == 0) return;
  uint8_t lanes[kLanes];
  vst1q_u8(lanes, buckets);
  for (size_t j = 0; j < kLanes; ++j) {
    if (lanes[j] != 0) found(context, base + j, lanes[j]);
  }
}

// The steps for prefix width W (1 to 3), so that the inner loop over k unrolls.
template <size_t W>
size_t steps(const TeddyMasks& masks, const uint8_t* data, size_t n, CandidateFn found, void* context) {
  uint8x16_t lo[W];
  uint8x16_t hi[W];
  for (size_t k = 0; k < W; ++k) {
    lo[k] = vld1q_u8(masks.lo[k]);
    hi[k] = vld1q_u8(masks.hi[k]);
  }
  const uint8x16_t low_nibble = vdupq_n_u8(0x0f);
  size_t p = 0;
  for (; p + kLanes + W - 1 <= n; p += kLanes) {
    uint8x16_t buckets = vdupq_n_u8(0xff);
    for (size_t k = 0; k < W; ++k) {
      const uint8x16_t v = vld1q_u8(data + p + k);
      const uint8x16_t l = vqtbl1q_u8(lo[k], vandq_u8(v, low_nibble));
      const uint8x16_t h = vqtbl1q_u8(hi[k], vshrq_n_u8(v, 4));
      buckets = vandq_u8(buckets, vandq_u8(l, h));
    }
    report(buckets, p, found, context);
  }
  return p;
}

}  // namespace

void teddy_u8_neon(const TeddyMasks& masks, const uint8_t* data, size_t n, CandidateFn found, void* context) {
  size_t done = 0;
  if (masks.width == 1) done = steps<1>(masks, data, n, found, context);
  if (masks.width == 2) done = steps<2>(masks, data, n, found, context);
  if (masks.width == 3) done = steps<3>(masks, data, n, found, context);
  teddy_tail(masks, data, done, n, found, context);
}

}  // namespace knhk
