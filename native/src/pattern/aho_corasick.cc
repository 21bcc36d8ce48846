#include "aho_corasick.h"

#include <string>

#include "pattern_error.h"

namespace knhk {

namespace {

constexpr size_t kAlphabet = 256;

}  // namespace

AhoCorasick::AhoCorasick(const std::vector<std::vector<uint8_t>>& patterns) {
  build_trie(patterns);
  const size_t states = table_.size() / kAlphabet;
  own_start_.assign(states + 1, 0);
  for (uint32_t state : terminals_) own_start_[state + 1]++;
  for (size_t s = 0; s < states; ++s) own_start_[s + 1] += own_start_[s];
  std::vector<uint32_t> fill(own_start_.begin(), own_start_.end() - 1);
  own_ids_.assign(terminals_.size(), 0);
  for (uint32_t id = 0; id < terminals_.size(); ++id) own_ids_[fill[terminals_[id]]++] = id;
  complete();
}

void AhoCorasick::build_trie(const std::vector<std::vector<uint8_t>>& patterns) {
  size_t total = 0;
  for (const auto& p : patterns) total += p.size();
  table_.assign(kAlphabet, 0);
  size_t states = 1;
  terminals_.reserve(patterns.size());
  for (const auto& pattern : patterns) {
    size_t state = 0;
    for (uint8_t byte : pattern) {
      const size_t at = state * kAlphabet + byte;
      if (table_[at] == 0) {
        if (states == kStatesMax) {
          throw PatternError("KNHK_E_ARG_RANGE", "pattern.compile: the patterns need more than " +
                                                     std::to_string(kStatesMax) + " automaton states (" +
                                                     std::to_string(total) + " bytes in all); split them into smaller sets");
        }
        table_.resize((states + 1) * kAlphabet, 0);
        table_[at] = static_cast<uint32_t>(states++);
      }
      state = table_[at];
    }
    terminals_.push_back(static_cast<uint32_t>(state));
  }
}

// Breadth first: every missing transition goes where the failure state's does; each state's
// dictionary link is its nearest proper suffix state that ends a pattern.
void AhoCorasick::complete() {
  const size_t states = table_.size() / kAlphabet;
  std::vector<uint32_t> fail(states, 0);
  dict_link_.assign(states, -1);
  std::vector<uint32_t> queue;
  queue.reserve(states);
  for (size_t c = 0; c < kAlphabet; ++c) {
    if (table_[c] != 0) queue.push_back(table_[c]);
  }
  for (size_t head = 0; head < queue.size(); ++head) {
    const uint32_t s = queue[head];
    const uint32_t f = fail[s];
    dict_link_[s] = own_start_[f + 1] > own_start_[f] ? static_cast<int32_t>(f) : dict_link_[f];
    const size_t row = s * kAlphabet;
    const size_t fail_row = f * kAlphabet;
    for (size_t c = 0; c < kAlphabet; ++c) {
      const uint32_t child = table_[row + c];
      if (child == 0) {
        table_[row + c] = table_[fail_row + c];
      } else {
        fail[child] = table_[fail_row + c];
        queue.push_back(child);
      }
    }
  }
  reports_.assign(states, 0);
  for (size_t s = 0; s < states; ++s) reports_[s] = own_start_[s + 1] > own_start_[s] || dict_link_[s] >= 0 ? 1 : 0;
}

uint32_t AhoCorasick::scan(const uint8_t* data, size_t n, uint32_t state, uint64_t base, MatchSink& sink) const {
  const uint32_t* table = table_.data();
  const uint8_t* reports = reports_.data();
  uint32_t s = state;
  for (size_t i = 0; i < n; ++i) {
    s = table[static_cast<size_t>(s) * kAlphabet + data[i]];
    if (reports[s] != 0) emit(s, base + i + 1, sink);
  }
  return s;
}

void AhoCorasick::emit(uint32_t state, uint64_t end, MatchSink& sink) const {
  const size_t from = sink.size();
  int lists = 0;
  for (int32_t s = static_cast<int32_t>(state); s >= 0; s = dict_link_[s]) {
    const uint32_t lo = own_start_[s];
    const uint32_t hi = own_start_[s + 1];
    if (lo == hi) continue;
    ++lists;
    for (uint32_t i = lo; i < hi; ++i) sink.push(own_ids_[i], end);
  }
  if (lists > 1) sink.sort_from(from);
}

}  // namespace knhk
