// The hashed-prefix filter with AVX2: 32 positions per step, as four groups of 8. A group's
// 8 overlapping 4-byte keys are shuffled out of one 16-byte load, masked, hashed with a 32-bit
// multiply, and their bitmap words fetched with one gather; the tested bits form a mask.
#include <immintrin.h>

#include "../prefix_filter.h"
#include "../prefix_filter_tail.h"

namespace knhk {

namespace {

constexpr size_t kGroup = 8;
constexpr size_t kStep = 4 * kGroup;
// The last group loads 16 bytes at offset 24 of the step.
constexpr size_t kReach = 3 * kGroup + 16;

// Bit i set when position base + i passes (i < 8).
uint32_t group_hits(const PrefixFilter& filter, const uint8_t* at, __m256i windows, __m256i key_mask, __m128i shift) {
  const __m256i bytes = _mm256_broadcastsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(at)));
  const __m256i keys = _mm256_and_si256(_mm256_shuffle_epi8(bytes, windows), key_mask);
  const __m256i h = _mm256_srl_epi32(_mm256_mullo_epi32(keys, _mm256_set1_epi32(static_cast<int>(kPrefixHashMultiplier))), shift);
  const __m256i words = _mm256_i32gather_epi32(reinterpret_cast<const int*>(filter.bitmap), _mm256_srli_epi32(h, 5), 4);
  const __m256i bits = _mm256_sllv_epi32(_mm256_set1_epi32(1), _mm256_and_si256(h, _mm256_set1_epi32(31)));
  const __m256i missed = _mm256_cmpeq_epi32(_mm256_and_si256(words, bits), _mm256_setzero_si256());
  return ~static_cast<uint32_t>(_mm256_movemask_ps(_mm256_castsi256_ps(missed))) & 0xffu;
}

}  // namespace

void prefix_filter_u8_avx2(const PrefixFilter& filter, const uint8_t* data, size_t n, CandidateFn found,
                           void* context) {
  // Lane 0 takes the keys at bytes 0..3 of the load, lane 1 those at bytes 4..7 (each lane
  // holds the same 16 bytes).
  const __m256i windows = _mm256_setr_epi8(0, 1, 2, 3, 1, 2, 3, 4, 2, 3, 4, 5, 3, 4, 5, 6, 4, 5, 6, 7, 5, 6, 7, 8, 6, 7,
                                           8, 9, 7, 8, 9, 10);
  const __m256i key_mask = _mm256_set1_epi32(static_cast<int>(filter.key_mask));
  const __m128i shift = _mm_cvtsi32_si128(static_cast<int>(filter.shift));
  size_t p = 0;
  for (; p + kReach <= n; p += kStep) {
    uint32_t hits = group_hits(filter, data + p, windows, key_mask, shift);
    hits |= group_hits(filter, data + p + kGroup, windows, key_mask, shift) << 8;
    hits |= group_hits(filter, data + p + 2 * kGroup, windows, key_mask, shift) << 16;
    hits |= group_hits(filter, data + p + 3 * kGroup, windows, key_mask, shift) << 24;
    while (hits != 0) {
      found(context, p + static_cast<size_t>(__builtin_ctz(hits)), 0);
      hits &= hits - 1;
    }
  }
  prefix_filter_tail(filter, data, p, n, found, context);
}

}  // namespace knhk
