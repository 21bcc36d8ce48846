// Exact verification of candidate positions: the first `key_length` bytes (1 to 4) of every
// pattern, as a little-endian integer, index an open-addressing hash table of pattern-id
// lists; a candidate's key selects the list, and each listed pattern is compared in full.
// Also a bitmap of the keys' hashes, the prefilter for sets too large for Teddy.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "../kernels/prefix_filter.h"
#include "match_sink.h"

namespace knhk {

class PrefixIndex {
 public:
  // Longest key, in bytes.
  static constexpr size_t kKeyLengthMax = 4;

  // `key_length` <= the shortest pattern's length, 1 to kKeyLengthMax.
  PrefixIndex(const std::vector<std::vector<uint8_t>>& patterns, size_t key_length);

  size_t key_length() const { return key_length_; }

  // The key of the bytes at data[p .. p + key_length) (which must lie inside the data).
  uint32_t key_at(const uint8_t* data, size_t p) const {
    uint32_t key = 0;
    if (key_length_ == 4) {
      std::memcpy(&key, data + p, 4);
      return key;
    }
    for (size_t k = 0; k < key_length_; ++k) key |= static_cast<uint32_t>(data[p + k]) << (8 * k);
    return key;
  }

  // The bitmap of the prefixes' hashes, for the prefix-filter kernels.
  PrefixFilter filter() const { return PrefixFilter{bitmap_.data(), bitmap_shift_, key_mask_, key_length_}; }

  // Pushes every pattern that occurs at data[p..] inside data[0..n) (p + key_length <= n),
  // with end offsets counted from `base`.
  void verify(const uint8_t* data, size_t n, size_t p, uint64_t base, MatchSink& sink) const;

 private:
  struct Slot {
    uint32_t key;
    uint32_t begin;  // ids_[begin .. end); begin == end marks an empty slot
    uint32_t end;
  };

  size_t slot_of(uint32_t key) const;

  size_t key_length_;
  uint32_t key_mask_;
  std::vector<Slot> slots_;
  size_t slot_mask_;
  std::vector<uint32_t> ids_;
  std::vector<uint32_t> bitmap_;
  uint32_t bitmap_shift_;
  std::vector<uint8_t> bytes_;      // the patterns, concatenated
  std::vector<uint64_t> offsets_;   // pattern id -> offset in bytes_
  std::vector<uint32_t> lengths_;   // pattern id -> length
};

}  // namespace knhk
