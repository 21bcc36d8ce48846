// An Aho-Corasick automaton over bytes with a dense transition table (256 next states per
// state), the same construction as the cpu backend's: the fallback for pattern sets whose
// shortest pattern is too short for a prefix filter. Streams carry the state across chunks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "match_sink.h"

namespace knhk {

class AhoCorasick {
 public:
  // Most states a set may compile to: the table takes 1 KiB per state.
  static constexpr size_t kStatesMax = size_t{1} << 20;
  static constexpr uint32_t kStart = 0;

  // Throws PatternError KNHK_E_ARG_RANGE past kStatesMax states. Patterns are non-empty.
  explicit AhoCorasick(const std::vector<std::vector<uint8_t>>& patterns);

  // Runs data from `state`, pushing every match with end offsets counted from `base` (the
  // stream offset of data[0]). Returns the state after the last byte.
  uint32_t scan(const uint8_t* data, size_t n, uint32_t state, uint64_t base, MatchSink& sink) const;

  size_t state_count() const { return reports_.size(); }

 private:
  void build_trie(const std::vector<std::vector<uint8_t>>& patterns);
  void complete();
  void emit(uint32_t state, uint64_t end, MatchSink& sink) const;

  std::vector<uint32_t> table_;      // next state by state * 256 + byte
  std::vector<uint32_t> own_start_;  // pattern ids of state s: own_ids_[own_start_[s] .. own_start_[s + 1])
  std::vector<uint32_t> own_ids_;
  std::vector<int32_t> dict_link_;   // nearest proper suffix state that ends a pattern, or -1
  std::vector<uint8_t> reports_;     // 1 where the state or a suffix ends a pattern
  std::vector<uint32_t> terminals_;  // the state of each pattern
};

}  // namespace knhk
