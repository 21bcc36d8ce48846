// A compiled set of literal byte patterns and the strategy that scans it:
// - teddy: up to kTeddyPatternsMax patterns; the ISA's Teddy kernel finds candidate starts,
//   the prefix index verifies them;
// - prefix-hash: larger sets whose shortest pattern has at least kPrefixHashLengthMin bytes;
//   the ISA's filter kernel tests a bitmap of hashed prefixes, the prefix index verifies;
// - aho-corasick: the rest (larger sets with 1- or 2-byte patterns).
// The limits come from measurement (AVX2, 16 MB of the native-peers benchmark's text, sets of
// its patterns): Teddy scanned 16 patterns at 7.1 GB/s against the prefix filter's 1.7, but 32
// at 1.3 against 1.6; with patterns cut to 2 bytes, Teddy 0.73 GB/s against Aho-Corasick's
// 0.41 at 16, 0.28 against 0.37 at 32.
// Every scan reports what the cpu backend's Aho-Corasick reports: every occurrence, overlapping
// ones included, sorted by end offset, then pattern id.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "../kernels/pattern_kernels.h"
#include "aho_corasick.h"
#include "match_sink.h"
#include "prefix_index.h"

namespace knhk {

enum class PatternStrategy { kEmpty, kTeddy, kPrefixHash, kAhoCorasick };

const char* strategy_name(PatternStrategy strategy);

class PatternSet {
 public:
  // Sets up to this size use Teddy (8 buckets).
  static constexpr size_t kTeddyPatternsMax = 16;
  // Larger sets use the hashed-prefix filter when every pattern has at least this many bytes.
  static constexpr size_t kPrefixHashLengthMin = 3;

  // Patterns must be non-empty (checked at the boundary); `kernels` are the ISA's prefilters.
  PatternSet(std::vector<std::vector<uint8_t>> patterns, const PatternKernels& kernels);

  size_t count() const { return count_; }
  size_t max_length() const { return max_length_; }
  size_t length_of(uint32_t id) const { return lengths_[id]; }
  PatternStrategy strategy() const { return strategy_; }

  // Pushes the matches lying wholly inside data[0..n), ends counted from `base`, sorted.
  void scan(const uint8_t* data, size_t n, uint64_t base, MatchSink& sink) const;

  // The automaton of the aho-corasick strategy (null for the others).
  const AhoCorasick* automaton() const { return automaton_.get(); }

 private:
  void build_teddy_masks(const std::vector<std::vector<uint8_t>>& patterns);

  size_t count_;
  size_t min_length_ = 0;
  size_t max_length_ = 0;
  std::vector<uint32_t> lengths_;
  PatternStrategy strategy_;
  const PatternKernels& kernels_;
  TeddyMasks masks_{};
  std::unique_ptr<PrefixIndex> index_;
  std::unique_ptr<AhoCorasick> automaton_;
};

// A scan over chunks: the automaton state, or the last max_length - 1 bytes, carry over so
// that matches crossing a boundary are found once.
class PatternStream {
 public:
  explicit PatternStream(std::shared_ptr<const PatternSet> set) : set_(std::move(set)) {}

  // Pushes the matches that end inside this chunk, sorted.
  void write(const uint8_t* data, size_t n, MatchSink& sink);

  uint64_t offset() const { return offset_; }

 private:
  void keep_tail(const uint8_t* data, size_t n);

  std::shared_ptr<const PatternSet> set_;
  uint64_t offset_ = 0;
  uint32_t state_ = AhoCorasick::kStart;
  std::vector<uint8_t> tail_;
};

}  // namespace knhk
