// Matches as they are found: pattern id and end offset (exclusive, from the start of the
// stream), put in the order the pattern capability promises (end offset, then id).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace knhk {

struct PatternMatch {
  uint64_t end;
  uint32_t id;
};

class MatchSink {
 public:
  void push(uint32_t id, uint64_t end) { matches_.push_back(PatternMatch{end, id}); }

  size_t size() const { return matches_.size(); }

  // Sorts the matches from index `from` on by end offset, then id.
  void sort_from(size_t from) {
    std::sort(matches_.begin() + static_cast<std::ptrdiff_t>(from), matches_.end(),
              [](const PatternMatch& a, const PatternMatch& b) { return a.end != b.end ? a.end < b.end : a.id < b.id; });
  }

  const std::vector<PatternMatch>& matches() const { return matches_; }
  std::vector<PatternMatch>& matches() { return matches_; }

 private:
  std::vector<PatternMatch> matches_;
};

}  // namespace knhk
