#include "pattern_set.h"

#include <algorithm>
#include <utility>

namespace knhk {

namespace {

constexpr size_t kBuckets = 8;

struct VerifyContext {
  const PrefixIndex* index;
  const uint8_t* data;
  size_t n;
  uint64_t base;
  MatchSink* sink;
};

void verify_candidate(void* context, size_t position, uint32_t /*buckets*/) {
  const auto* c = static_cast<const VerifyContext*>(context);
  if (position + c->index->key_length() > c->n) return;
  c->index->verify(c->data, c->n, position, c->base, *c->sink);
}

}  // namespace

const char* strategy_name(PatternStrategy strategy) {
  switch (strategy) {
    case PatternStrategy::kTeddy:
      return "teddy";
    case PatternStrategy::kPrefixHash:
      return "prefix-hash";
    case PatternStrategy::kAhoCorasick:
      return "aho-corasick";
    default:
      return "empty";
  }
}

PatternSet::PatternSet(std::vector<std::vector<uint8_t>> patterns, const PatternKernels& kernels)
    : count_(patterns.size()), kernels_(kernels) {
  for (const auto& p : patterns) lengths_.push_back(static_cast<uint32_t>(p.size()));
  if (count_ == 0) {
    strategy_ = PatternStrategy::kEmpty;
    return;
  }
  min_length_ = *std::min_element(lengths_.begin(), lengths_.end());
  max_length_ = *std::max_element(lengths_.begin(), lengths_.end());
  if (count_ <= kTeddyPatternsMax) {
    strategy_ = PatternStrategy::kTeddy;
    build_teddy_masks(patterns);
  } else if (min_length_ >= kPrefixHashLengthMin) {
    strategy_ = PatternStrategy::kPrefixHash;
  } else {
    strategy_ = PatternStrategy::kAhoCorasick;
    automaton_ = std::make_unique<AhoCorasick>(patterns);
    return;
  }
  index_ = std::make_unique<PrefixIndex>(patterns, std::min(min_length_, PrefixIndex::kKeyLengthMax));
}

// Buckets group patterns of neighbouring prefixes (sorted order, equal shares), which keeps
// each bucket's nibble sets small.
void PatternSet::build_teddy_masks(const std::vector<std::vector<uint8_t>>& patterns) {
  masks_.width = std::min(min_length_, kTeddyWidthMax);
  std::vector<uint32_t> order(patterns.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    return std::lexicographical_compare(patterns[a].begin(), patterns[a].begin() + masks_.width, patterns[b].begin(),
                                        patterns[b].begin() + masks_.width);
  });
  for (size_t rank = 0; rank < order.size(); ++rank) {
    const uint8_t bit = static_cast<uint8_t>(1u << (rank * kBuckets / order.size()));
    const auto& p = patterns[order[rank]];
    for (size_t k = 0; k < masks_.width; ++k) {
      masks_.lo[k][p[k] & 0x0f] |= bit;
      masks_.hi[k][p[k] >> 4] |= bit;
    }
  }
}

void PatternSet::scan(const uint8_t* data, size_t n, uint64_t base, MatchSink& sink) const {
  const size_t from = sink.size();
  VerifyContext context{index_.get(), data, n, base, &sink};
  switch (strategy_) {
    case PatternStrategy::kTeddy:
      kernels_.teddy(masks_, data, n, verify_candidate, &context);
      break;
    case PatternStrategy::kPrefixHash:
      kernels_.prefix_filter(index_->filter(), data, n, verify_candidate, &context);
      break;
    case PatternStrategy::kAhoCorasick:
      automaton_->scan(data, n, AhoCorasick::kStart, base, sink);
      return;  // already in order
    default:
      return;
  }
  sink.sort_from(from);
}

void PatternStream::write(const uint8_t* data, size_t n, MatchSink& sink) {
  const PatternSet& set = *set_;
  if (set.automaton() != nullptr) {
    state_ = set.automaton()->scan(data, n, state_, offset_, sink);
    offset_ += n;
    return;
  }
  const size_t from = sink.size();
  if (!tail_.empty()) {
    // Matches that start in the carried tail and end in this chunk.
    std::vector<uint8_t> seam(tail_);
    seam.insert(seam.end(), data, data + std::min(n, set.max_length() - 1));
    MatchSink crossing;
    set.scan(seam.data(), seam.size(), offset_ - tail_.size(), crossing);
    for (const PatternMatch& m : crossing.matches()) {
      if (m.end > offset_ && m.end - set.length_of(m.id) < offset_) sink.push(m.id, m.end);
    }
  }
  set.scan(data, n, offset_, sink);
  sink.sort_from(from);
  keep_tail(data, n);
  offset_ += n;
}

void PatternStream::keep_tail(const uint8_t* data, size_t n) {
  const size_t keep = set_->max_length() > 0 ? set_->max_length() - 1 : 0;
  if (n >= keep) {
    tail_.assign(data + n - keep, data + n);
    return;
  }
  tail_.insert(tail_.end(), data, data + n);
  if (tail_.size() > keep) tail_.erase(tail_.begin(), tail_.end() - static_cast<std::ptrdiff_t>(keep));
}

}  // namespace knhk
