// Teddy candidates with AVX2: 32 positions per step. For prefix byte k the input is loaded at
// offset k (unaligned), split into nibbles, and each nibble selects its bucket bits with
// vpshufb (the 16-byte tables are repeated in both lanes); the AND over k leaves the buckets
// of each position.
#include <immintrin.h>

#include "../teddy.h"
#include "../teddy_tail.h"

namespace knhk {

namespace {

constexpr size_t kLanes = 32;

__m256i table(const uint8_t* row) { return _mm256_broadcastsi128_si256(_mm_load_si128(reinterpret_cast<const __m128i*>(row))); }

void report(__m256i buckets, size_t base, CandidateFn found, void* context) {
  const uint32_t zero = static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(buckets, _mm256_setzero_si256())));
  uint32_t hits = ~zero;
  if (hits == 0) return;
  alignas(32) uint8_t lanes[kLanes];
  _mm256_store_si256(reinterpret_cast<__m256i*>(lanes), buckets);
  while (hits != 0) {
    const unsigned j = static_cast<unsigned>(__builtin_ctz(hits));
    found(context, base + j, lanes[j]);
    hits &= hits - 1;
  }
}

// The steps for prefix width W (1 to 3), so that the inner loop over k unrolls.
template <size_t W>
size_t steps(const TeddyMasks& masks, const uint8_t* data, size_t n, CandidateFn found, void* context) {
  __m256i lo[W];
  __m256i hi[W];
  for (size_t k = 0; k < W; ++k) {
    lo[k] = table(masks.lo[k]);
    hi[k] = table(masks.hi[k]);
  }
  const __m256i low_nibble = _mm256_set1_epi8(0x0f);
  size_t p = 0;
  // The last load of a step reads data[p + W - 1 .. p + W - 1 + 32).
  for (; p + kLanes + W - 1 <= n; p += kLanes) {
    __m256i buckets = _mm256_set1_epi8(static_cast<char>(0xff));
    for (size_t k = 0; k < W; ++k) {
      const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(data + p + k));
      const __m256i l = _mm256_and_si256(v, low_nibble);
      const __m256i h = _mm256_and_si256(_mm256_srli_epi16(v, 4), low_nibble);
      buckets = _mm256_and_si256(buckets, _mm256_and_si256(_mm256_shuffle_epi8(lo[k], l), _mm256_shuffle_epi8(hi[k], h)));
    }
    report(buckets, p, found, context);
  }
  return p;
}

}  // namespace

void teddy_u8_avx2(const TeddyMasks& masks, const uint8_t* data, size_t n, CandidateFn found, void* context) {
  size_t done = 0;
  if (masks.width == 1) done = steps<1>(masks, data, n, found, context);
  if (masks.width == 2) done = steps<2>(masks, data, n, found, context);
  if (masks.width == 3) done = steps<3>(masks, data, n, found, context);
  teddy_tail(masks, data, done, n, found, context);
}

}  // namespace knhk
