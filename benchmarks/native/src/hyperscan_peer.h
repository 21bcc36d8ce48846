// Hyperscan as a benchmark peer, opened with dlopen("libhs.so.5") at run time: literal
// patterns (every byte escaped as \xHH) compiled with hs_compile_multi in block mode, without
// HS_FLAG_SINGLEMATCH, and scanned with a callback that counts every match. No N-API types.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace knhk {

class HyperscanPeer {
 public:
  // Opens the library once; false with `why` when it cannot.
  static bool open(std::string& why);

  // Compiles the patterns; throws std::runtime_error with Hyperscan's message.
  explicit HyperscanPeer(const std::vector<std::vector<uint8_t>>& patterns);
  ~HyperscanPeer();
  HyperscanPeer(const HyperscanPeer&) = delete;
  HyperscanPeer& operator=(const HyperscanPeer&) = delete;

  // Number of matches in data[0..n) (n < 4 GiB).
  uint64_t count(const uint8_t* data, size_t n) const;

 private:
  void* database_ = nullptr;
  void* scratch_ = nullptr;
};

}  // namespace knhk
