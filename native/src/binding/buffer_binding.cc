// The memory behind the SIMD backends' device buffers. Each block is 64-byte aligned and
// zero-filled, handed to JS as an external ArrayBuffer. releaseMemory detaches the
// ArrayBuffer (every view of it has length 0 from then on, so no JS code can reach the
// memory) and frees the memory at once; a block never released is freed when V8 collects
// its ArrayBuffer. Blocks of 64 KiB and more are mapped pages of their own (mmap), so that
// releasing one returns it to the OS at once; smaller ones come from the C heap.
#include "buffer_binding.h"

#include <sys/mman.h>

#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <unordered_map>

#include "args.h"
#include "errors.h"

namespace knhk {

namespace {

constexpr size_t kAlignment = 64;
constexpr size_t kMappedMin = size_t{64} << 10;

// One block; deleted by the ArrayBuffer's finalizer, whichever of release and collection
// comes first frees the memory.
struct Block {
  void* data;
  size_t bytes;  // as allocated (rounded up)
  bool mapped;
  bool freed;
};

// A zero-filled block of `bytes` (a multiple of kAlignment), or null.
void* allocate_block(size_t bytes, bool mapped) {
  if (!mapped) {
    void* data = std::aligned_alloc(kAlignment, bytes);
    if (data != nullptr) std::memset(data, 0, bytes);
    return data;
  }
  void* data = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  return data == MAP_FAILED ? nullptr : data;
}

void free_block(const Block& block) {
  if (block.mapped) {
    munmap(block.data, block.bytes);
  } else {
    std::free(block.data);
  }
}

// The live blocks by address, so that releaseMemory accepts only ArrayBuffers of this addon.
std::mutex blocks_mutex;
std::unordered_map<void*, Block*> live_blocks;

void finalize_block(napi_env /*env*/, void* /*data*/, void* hint) {
  Block* block = static_cast<Block*>(hint);
  {
    std::lock_guard<std::mutex> lock(blocks_mutex);
    if (!block->freed) {
      live_blocks.erase(block->data);
      free_block(*block);
    }
  }
  delete block;
}

Napi::Value allocate_memory(const Napi::CallbackInfo& info) {
  const char* op = "native.allocateMemory";
  expect_arg_count(info, 1, op);
  const size_t bytes = count_arg(info, 0, op, "bytes");
  // aligned_alloc wants a multiple of the alignment, and at least one byte.
  const size_t rounded = bytes == 0 ? kAlignment : (bytes + kAlignment - 1) / kAlignment * kAlignment;
  const bool mapped = rounded >= kMappedMin;
  void* data = rounded < bytes ? nullptr : allocate_block(rounded, mapped);
  if (data == nullptr) {
    throw_coded(info.Env(), "KNHK_E_ARG_RANGE", std::string(op) + ": cannot allocate " + std::to_string(bytes) + " bytes");
  }
  Block* block = new Block{data, rounded, mapped, false};
  napi_value result = nullptr;
  if (napi_create_external_arraybuffer(info.Env(), data, bytes, finalize_block, block, &result) != napi_ok) {
    free_block(*block);
    delete block;
    throw_coded(info.Env(), "KNHK_E_ARG_RANGE", std::string(op) + ": cannot wrap " + std::to_string(bytes) + " bytes");
  }
  std::lock_guard<std::mutex> lock(blocks_mutex);
  live_blocks[data] = block;
  return Napi::Value(info.Env(), result);
}

Napi::Value release_memory(const Napi::CallbackInfo& info) {
  const char* op = "native.releaseMemory";
  expect_arg_count(info, 1, op);
  if (!info[0].IsArrayBuffer()) {
    throw_coded(info.Env(), "KNHK_E_ARG_TYPE", std::string(op) + ": expects an ArrayBuffer from allocateMemory");
  }
  bool detached = false;
  napi_is_detached_arraybuffer(info.Env(), info[0], &detached);
  if (detached) return info.Env().Undefined();  // released before: harmless
  void* data = nullptr;
  napi_get_arraybuffer_info(info.Env(), info[0], &data, nullptr);
  std::lock_guard<std::mutex> lock(blocks_mutex);
  const auto found = live_blocks.find(data);
  if (found == live_blocks.end()) {
    throw_coded(info.Env(), "KNHK_E_ARG_INVALID", std::string(op) + ": the ArrayBuffer was not made by allocateMemory");
  }
  if (napi_detach_arraybuffer(info.Env(), info[0]) != napi_ok) {
    throw_coded(info.Env(), "KNHK_E_ARG_INVALID", std::string(op) + ": the ArrayBuffer cannot be detached");
  }
  found->second->freed = true;
  free_block(*found->second);
  live_blocks.erase(found);
  return info.Env().Undefined();
}

}  // namespace

void add_memory_functions(Napi::Env env, Napi::Object exports) {
  exports.Set("allocateMemory", Napi::Function::New(env, allocate_memory, "allocateMemory"));
  exports.Set("releaseMemory", Napi::Function::New(env, release_memory, "releaseMemory"));
}

}  // namespace knhk
