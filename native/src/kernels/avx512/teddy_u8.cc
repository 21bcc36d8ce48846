// Teddy candidates with AVX-512BW: 64 positions per step. For prefix byte k the input is loaded at
// offset k (unaligned), split into nibbles, and each nibble selects its bucket bits with
// vpshufb (the 16-byte tables are repeated in all four lanes); the AND over k leaves the buckets
// of each position. Built with KNHK_SIMDE_EMULATION (the test-only emulation addon), the same
// code runs on SIMDe's portable AVX-512, so that machines without AVX-512 can test it.
#if defined(KNHK_SIMDE_EMULATION)
#define SIMDE_ENABLE_NATIVE_ALIASES
#include <simde/x86/avx512.h>
#else
#include <immintrin.h>
#endif

#include "../teddy.h"
#include "../teddy_tail.h"

namespace knhk {

namespace {

constexpr size_t kLanes = 64;

__m512i table(const uint8_t* row) { return _mm512_broadcast_i32x4(_mm_load_si128(reinterpret_cast<const __m128i*>(row))); }

void report(__m512i buckets, size_t base, CandidateFn found, void* context) {
  uint64_t hits = _mm512_test_epi8_mask(buckets, buckets);
  if (hits == 0) return;
  alignas(64) uint8_t lanes[kLanes];
  _mm512_store_si512(lanes, buckets);
  while (hits != 0) {
    const unsigned j = static_cast<unsigned>(__builtin_ctzll(hits));
    found(context, base + j, lanes[j]);
    hits &= hits - 1;
  }
}

// The steps for prefix width W (1 to 3), so that the inner loop over k unrolls.
template <size_t W>
size_t steps(const TeddyMasks& masks, const uint8_t* data, size_t n, CandidateFn found, void* context) {
  __m512i lo[W];
  __m512i hi[W];
  for (size_t k = 0; k < W; ++k) {
    lo[k] = table(masks.lo[k]);
    hi[k] = table(masks.hi[k]);
  }
  const __m512i low_nibble = _mm512_set1_epi8(0x0f);
  size_t p = 0;
  // The last load of a step reads data[p + W - 1 .. p + W - 1 + 64).
  for (; p + kLanes + W - 1 <= n; p += kLanes) {
    __m512i buckets = _mm512_set1_epi8(static_cast<char>(0xff));
    for (size_t k = 0; k < W; ++k) {
      const __m512i v = _mm512_loadu_si512(data + p + k);
      const __m512i l = _mm512_and_si512(v, low_nibble);
      const __m512i h = _mm512_and_si512(_mm512_srli_epi16(v, 4), low_nibble);
      buckets = _mm512_and_si512(buckets, _mm512_and_si512(_mm512_shuffle_epi8(lo[k], l), _mm512_shuffle_epi8(hi[k], h)));
    }
    report(buckets, p, found, context);
  }
  return p;
}

}  // namespace

void teddy_u8_avx512(const TeddyMasks& masks, const uint8_t* data, size_t n, CandidateFn found, void* context) {
  size_t done = 0;
  if (masks.width == 1) done = steps<1>(masks, data, n, found, context);
  if (masks.width == 2) done = steps<2>(masks, data, n, found, context);
  if (masks.width == 3) done = steps<3>(masks, data, n, found, context);
  teddy_tail(masks, data, done, n, found, context);
}

}  // namespace knhk
