// The hashed-prefix filter with AVX-512 (F, BW): 64 positions per step, as four groups of 16.
// A group's 16 overlapping 4-byte keys are shuffled out of one 16-byte load broadcast to the
// four lanes, masked, hashed with a 32-bit multiply, and their bitmap words fetched with one
// gather. Built with KNHK_SIMDE_EMULATION (the test-only emulation addon), the same code runs
// on SIMDe's portable AVX-512.
#if defined(KNHK_SIMDE_EMULATION)
#define SIMDE_ENABLE_NATIVE_ALIASES
#include <simde/x86/avx512.h>
#include <cstring>
#if !defined(_mm512_i32gather_epi32)
// SIMDe 0.7 has no _mm512_i32gather_epi32: lane i loads the 32-bit word at base + index[i] * 4
// (the only scale used here), as VPGATHERDD does.
static inline __m512i knhk_emulated_i32gather_epi32(__m512i index, const void* base, int scale) {
  int32_t lanes[16];
  int32_t words[16];
  _mm512_storeu_si512(lanes, index);
  for (int i = 0; i < 16; ++i) std::memcpy(&words[i], static_cast<const char*>(base) + int64_t{lanes[i]} * scale, 4);
  return _mm512_loadu_si512(words);
}
#define _mm512_i32gather_epi32 knhk_emulated_i32gather_epi32
#endif
#else
#include <immintrin.h>
#endif

#include "../prefix_filter.h"
#include "../prefix_filter_tail.h"

namespace knhk {

namespace {

constexpr size_t kGroup = 16;
constexpr size_t kStep = 4 * kGroup;
// The last group's last load reads 16 bytes at offset 3 * 16 + 12 of the step.
constexpr size_t kReach = 3 * kGroup + 12 + 16;

// Bit i set when position base + i passes (i < 16).
uint64_t group_hits(const PrefixFilter& filter, const uint8_t* at, __m512i windows, __m512i key_mask, __m128i shift) {
  // Lane k holds bytes 4k .. 4k + 15 of the group, so that its keys 4k .. 4k + 3 are inside.
  const __m512i bytes = _mm512_inserti32x4(
      _mm512_inserti32x4(
          _mm512_inserti32x4(_mm512_castsi128_si512(_mm_loadu_si128(reinterpret_cast<const __m128i*>(at))),
                             _mm_loadu_si128(reinterpret_cast<const __m128i*>(at + 4)), 1),
          _mm_loadu_si128(reinterpret_cast<const __m128i*>(at + 8)), 2),
      _mm_loadu_si128(reinterpret_cast<const __m128i*>(at + 12)), 3);
  const __m512i keys = _mm512_and_si512(_mm512_shuffle_epi8(bytes, windows), key_mask);
  const __m512i h = _mm512_srl_epi32(_mm512_mullo_epi32(keys, _mm512_set1_epi32(static_cast<int>(kPrefixHashMultiplier))), shift);
  const __m512i words = _mm512_i32gather_epi32(_mm512_srli_epi32(h, 5), filter.bitmap, 4);
  const __m512i bits = _mm512_sllv_epi32(_mm512_set1_epi32(1), _mm512_and_si512(h, _mm512_set1_epi32(31)));
  return _mm512_test_epi32_mask(words, bits);
}

}  // namespace

void prefix_filter_u8_avx512(const PrefixFilter& filter, const uint8_t* data, size_t n, CandidateFn found,
                             void* context) {
  const __m512i windows = _mm512_broadcast_i32x4(_mm_setr_epi8(0, 1, 2, 3, 1, 2, 3, 4, 2, 3, 4, 5, 3, 4, 5, 6));
  const __m512i key_mask = _mm512_set1_epi32(static_cast<int>(filter.key_mask));
  const __m128i shift = _mm_cvtsi32_si128(static_cast<int>(filter.shift));
  size_t p = 0;
  for (; p + kReach <= n; p += kStep) {
    uint64_t hits = group_hits(filter, data + p, windows, key_mask, shift);
    hits |= group_hits(filter, data + p + kGroup, windows, key_mask, shift) << 16;
    hits |= group_hits(filter, data + p + 2 * kGroup, windows, key_mask, shift) << 32;
    hits |= group_hits(filter, data + p + 3 * kGroup, windows, key_mask, shift) << 48;
    while (hits != 0) {
      found(context, p + static_cast<size_t>(__builtin_ctzll(hits)), 0);
      hits &= hits - 1;
    }
  }
  prefix_filter_tail(filter, data, p, n, found, context);
}

}  // namespace knhk
