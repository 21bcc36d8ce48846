#include "hyperscan_peer.h"

#include <dlfcn.h>

#include <cstdio>
#include <stdexcept>

namespace knhk {

namespace {

// The few declarations used, from Hyperscan 5's public headers (hs_compile.h, hs_runtime.h).
struct HsCompileError {
  char* message;
  int expression;
};
constexpr unsigned kHsModeBlock = 1;  // HS_MODE_BLOCK
constexpr int kHsSuccess = 0;         // HS_SUCCESS
using HsMatchFn = int (*)(unsigned id, unsigned long long from, unsigned long long to, unsigned flags, void* context);
using HsCompileMulti = int (*)(const char* const* expressions, const unsigned* flags, const unsigned* ids,
                               unsigned elements, unsigned mode, const void* platform, void** db,
                               HsCompileError** error);
using HsFreeCompileError = int (*)(HsCompileError* error);
using HsAllocScratch = int (*)(const void* db, void** scratch);
using HsScan = int (*)(const void* db, const char* data, unsigned length, unsigned flags, void* scratch,
                       HsMatchFn on_match, void* context);
using HsFreeDatabase = int (*)(void* db);
using HsFreeScratch = int (*)(void* scratch);

struct HsApi {
  HsCompileMulti compile_multi;
  HsFreeCompileError free_compile_error;
  HsAllocScratch alloc_scratch;
  HsScan scan;
  HsFreeDatabase free_database;
  HsFreeScratch free_scratch;
};

HsApi api{};

int count_match(unsigned, unsigned long long, unsigned long long, unsigned, void* context) {
  ++*static_cast<uint64_t*>(context);
  return 0;
}

std::string escaped(const std::vector<uint8_t>& literal) {
  std::string out;
  char hex[5];
  for (uint8_t byte : literal) {
    std::snprintf(hex, sizeof hex, "\\x%02x", byte);
    out += hex;
  }
  return out;
}

}  // namespace

bool HyperscanPeer::open(std::string& why) {
  static void* library = nullptr;
  if (library != nullptr) return true;
  void* handle = dlopen("libhs.so.5", RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    why = std::string("cannot open libhs.so.5 (") + dlerror() + "); install libhyperscan5 (Debian: apt-get install libhyperscan-dev)";
    return false;
  }
  HsApi loaded{reinterpret_cast<HsCompileMulti>(dlsym(handle, "hs_compile_multi")),
               reinterpret_cast<HsFreeCompileError>(dlsym(handle, "hs_free_compile_error")),
               reinterpret_cast<HsAllocScratch>(dlsym(handle, "hs_alloc_scratch")),
               reinterpret_cast<HsScan>(dlsym(handle, "hs_scan")),
               reinterpret_cast<HsFreeDatabase>(dlsym(handle, "hs_free_database")),
               reinterpret_cast<HsFreeScratch>(dlsym(handle, "hs_free_scratch"))};
  if (!loaded.compile_multi || !loaded.free_compile_error || !loaded.alloc_scratch || !loaded.scan ||
      !loaded.free_database || !loaded.free_scratch) {
    why = "libhs.so.5 lacks a function the peer needs (hs_compile_multi, hs_scan, ...)";
    dlclose(handle);
    return false;
  }
  api = loaded;
  library = handle;
  return true;
}

HyperscanPeer::HyperscanPeer(const std::vector<std::vector<uint8_t>>& patterns) {
  std::vector<std::string> expressions;
  for (const auto& p : patterns) expressions.push_back(escaped(p));
  std::vector<const char*> pointers;
  std::vector<unsigned> flags(patterns.size(), 0);  // no HS_FLAG_SINGLEMATCH: every match
  std::vector<unsigned> ids;
  for (size_t i = 0; i < expressions.size(); ++i) {
    pointers.push_back(expressions[i].c_str());
    ids.push_back(static_cast<unsigned>(i));
  }
  HsCompileError* error = nullptr;
  if (api.compile_multi(pointers.data(), flags.data(), ids.data(), static_cast<unsigned>(pointers.size()),
                        kHsModeBlock, nullptr, &database_, &error) != kHsSuccess) {
    const std::string message = error != nullptr ? error->message : "unknown error";
    if (error != nullptr) api.free_compile_error(error);
    throw std::runtime_error("hs_compile_multi failed: " + message);
  }
  if (api.alloc_scratch(database_, &scratch_) != kHsSuccess) {
    api.free_database(database_);
    throw std::runtime_error("hs_alloc_scratch failed");
  }
}

HyperscanPeer::~HyperscanPeer() {
  api.free_scratch(scratch_);
  api.free_database(database_);
}

uint64_t HyperscanPeer::count(const uint8_t* data, size_t n) const {
  uint64_t matches = 0;
  if (api.scan(database_, reinterpret_cast<const char*>(data), static_cast<unsigned>(n), 0, scratch_, count_match,
               &matches) != kHsSuccess) {
    throw std::runtime_error("hs_scan failed");
  }
  return matches;
}

}  // namespace knhk
