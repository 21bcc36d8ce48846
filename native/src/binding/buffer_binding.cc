// The memory behind the SIMD backends' device buffers. Each block is 64-byte aligned and
// zero-filled, handed to JS as an external ArrayBuffer. releaseMemory detaches the
// ArrayBuffer (every view of it has length 0 from then on, so no JS code can reach the
// memory) and frees the memory at once; a block never released is freed when V8 collects
// its ArrayBuffer. Blocks of 64 KiB and more are mapped pages of their own (mmap), so that
// releasing one returns it to the OS at once; smaller ones come from the C heap.
//
// Each block also has an id in its JS environment (memoryId), so that small calls can name
// their operands by number instead of passing typed arrays, whose inspection is most of the
// cost of a short N-API call. The ids live in a registry per environment (N-API instance
// data): blocks are created, released and finalized on their environment's JS thread only,
// so the registry needs no lock, and an id from another thread's environment finds nothing.
// An id carries its slot's generation, so the id of a released block never names a newer one
// (until the slot has been reused 2^29 times), and generations start at a random odd number,
// so that a small integer passed by mistake names nothing.
#include "buffer_binding.h"

#include <sys/mman.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <random>
#include <string>
#include <unordered_set>
#include <vector>

#include "args.h"
#include "errors.h"

namespace knhk {

namespace {

constexpr size_t kAlignment = 64;
constexpr size_t kMappedMin = size_t{64} << 10;

struct Registry;

// One block; deleted by the ArrayBuffer's finalizer, whichever of release and collection
// comes first frees the memory.
struct Block {
  void* data;
  size_t bytes;  // as allocated (rounded up)
  size_t visible;  // as asked for: the ArrayBuffer's byte length
  bool mapped;
  bool freed;
  Registry* registry;
  uint32_t slot;
};

// The blocks of one JS environment by slot. Deleted when both the environment's instance
// data is finalized and its last block is gone, whichever comes last.
struct Registry {
  struct Slot {
    Block* block;         // null when free
    uint32_t generation;  // bumped whenever the slot is freed
  };
  std::vector<Slot> slots;
  std::vector<uint32_t> free_slots;
  size_t blocks = 0;
  bool environment_gone = false;
  // The generation of new slots: random and never 0, so that a small integer passed by
  // mistake (below 2^24) is never an id, and environments rarely share ids.
  uint32_t first_generation = 1;
};

// An id is slot + generation * 2^kSlotBits: an integer below 2^53, exact as a JS number.
constexpr unsigned kSlotBits = 24;
constexpr uint32_t kSlotsMax = uint32_t{1} << kSlotBits;
constexpr uint32_t kGenerationMask = (uint32_t{1} << 29) - 1;

double id_of(const Registry& registry, uint32_t slot) {
  return static_cast<double>(registry.slots[slot].generation) * static_cast<double>(kSlotsMax) + slot;
}

// Puts `block` in a free slot of `registry`; false when every slot is taken.
bool enter(Registry* registry, Block* block) {
  uint32_t slot;
  if (!registry->free_slots.empty()) {
    slot = registry->free_slots.back();
    registry->free_slots.pop_back();
  } else {
    if (registry->slots.size() >= kSlotsMax) return false;
    slot = static_cast<uint32_t>(registry->slots.size());
    registry->slots.push_back({nullptr, registry->first_generation});
  }
  registry->slots[slot].block = block;
  block->registry = registry;
  block->slot = slot;
  registry->blocks++;
  return true;
}

// Takes `block` out of its registry (once); deletes the registry when its environment is
// gone and this was its last block.
void leave(Block* block) {
  Registry* registry = block->registry;
  if (registry == nullptr) return;
  block->registry = nullptr;
  Registry::Slot& slot = registry->slots[block->slot];
  slot.block = nullptr;
  slot.generation = (slot.generation + 1) & kGenerationMask;
  if (slot.generation == 0) slot.generation = 1;
  registry->free_slots.push_back(block->slot);
  registry->blocks--;
  if (registry->environment_gone && registry->blocks == 0) delete registry;
}

void finalize_registry(napi_env /*env*/, void* data, void* /*hint*/) {
  Registry* registry = static_cast<Registry*>(data);
  registry->environment_gone = true;
  if (registry->blocks == 0) delete registry;
}

Registry* registry_of(napi_env env) {
  void* data = nullptr;
  napi_get_instance_data(env, &data);
  return static_cast<Registry*>(data);
}

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

// Every block not yet finalized. A block's ArrayBuffer is wrapped (napi_wrap) with its Block;
// the set makes sure that a pointer unwrapped from an ArrayBuffer is one of ours (another
// addon may wrap ArrayBuffers too). Looking blocks up by ArrayBuffer rather than by address
// also covers zero-byte blocks, whose ArrayBuffers have no address.
std::mutex blocks_mutex;
std::unordered_set<Block*> blocks;

void finalize_block(napi_env /*env*/, void* /*data*/, void* hint) {
  Block* block = static_cast<Block*>(hint);
  {
    std::lock_guard<std::mutex> lock(blocks_mutex);
    blocks.erase(block);
    if (!block->freed) free_block(*block);
  }
  leave(block);
  delete block;
}

// The block of an ArrayBuffer of allocateMemory (released or not), or null for any other value.
Block* block_of(napi_env env, napi_value value) {
  void* wrapped = nullptr;
  if (napi_unwrap(env, value, &wrapped) != napi_ok) return nullptr;
  Block* block = static_cast<Block*>(wrapped);
  return blocks.count(block) == 1 ? block : nullptr;
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
  Block* block = new Block{data, rounded, bytes, mapped, false, nullptr, 0};
  Registry* registry = registry_of(info.Env());
  if (registry == nullptr || !enter(registry, block)) {
    free_block(*block);
    delete block;
    throw_coded(info.Env(), "KNHK_E_ARG_RANGE",
                std::string(op) + (registry == nullptr
                                       ? ": the addon's memory registry is missing in this thread; load the addon again"
                                       : ": 2^24 blocks are live in this thread; release some buffers first"));
  }
  napi_value result = nullptr;
  if (napi_create_external_arraybuffer(info.Env(), data, bytes, finalize_block, block, &result) != napi_ok) {
    leave(block);
    free_block(*block);
    delete block;
    throw_coded(info.Env(), "KNHK_E_ARG_RANGE", std::string(op) + ": cannot wrap " + std::to_string(bytes) + " bytes");
  }
  // From here the ArrayBuffer's finalizer owns the block.
  {
    std::lock_guard<std::mutex> lock(blocks_mutex);
    blocks.insert(block);
  }
  if (napi_wrap(info.Env(), result, block, nullptr, nullptr, nullptr) != napi_ok) {
    throw_coded(info.Env(), "KNHK_E_ARG_RANGE",
                std::string(op) + ": cannot tag the ArrayBuffer of " + std::to_string(bytes) + " bytes");
  }
  return Napi::Value(info.Env(), result);
}

Napi::Value release_memory(const Napi::CallbackInfo& info) {
  const char* op = "native.releaseMemory";
  expect_arg_count(info, 1, op);
  if (!info[0].IsArrayBuffer()) {
    throw_coded(info.Env(), "KNHK_E_ARG_TYPE", std::string(op) + ": expects an ArrayBuffer from allocateMemory");
  }
  std::lock_guard<std::mutex> lock(blocks_mutex);
  Block* block = block_of(info.Env(), info[0]);
  if (block == nullptr) {
    throw_coded(info.Env(), "KNHK_E_ARG_INVALID", std::string(op) + ": the ArrayBuffer was not made by allocateMemory");
  }
  if (block->freed) return info.Env().Undefined();  // released before: harmless
  if (napi_detach_arraybuffer(info.Env(), info[0]) != napi_ok) {
    throw_coded(info.Env(), "KNHK_E_ARG_INVALID", std::string(op) + ": the ArrayBuffer cannot be detached");
  }
  block->freed = true;
  free_block(*block);
  leave(block);
  return info.Env().Undefined();
}

// memoryId(arrayBuffer): the id of a live block of this environment, for memory_f32.
Napi::Value memory_id(const Napi::CallbackInfo& info) {
  const char* op = "native.memoryId";
  expect_arg_count(info, 1, op);
  if (!info[0].IsArrayBuffer()) {
    throw_coded(info.Env(), "KNHK_E_ARG_TYPE", std::string(op) + ": expects an ArrayBuffer from allocateMemory");
  }
  std::lock_guard<std::mutex> lock(blocks_mutex);
  const Block* block = block_of(info.Env(), info[0]);
  if (block == nullptr || (!block->freed && block->registry != registry_of(info.Env()))) {
    throw_coded(info.Env(), "KNHK_E_ARG_INVALID",
                std::string(op) + ": the ArrayBuffer was not made by allocateMemory in this thread");
  }
  if (block->freed) {
    throw_coded(info.Env(), "KNHK_E_BUFFER_RELEASED", std::string(op) + ": the ArrayBuffer was released");
  }
  return Napi::Number::New(info.Env(), id_of(*block->registry, block->slot));
}

}  // namespace

F32Span memory_f32(napi_env env, napi_value id, const char* op, const char* name) {
  double value = -1;
  napi_get_value_double(env, id, &value);  // leaves -1 for a non-number
  if (!(value >= 0) || value > 9007199254740991.0 || value != static_cast<double>(static_cast<uint64_t>(value))) {
    throw_coded(Napi::Env(env), "KNHK_E_ARG_TYPE",
                std::string(op) + ": " + name + " must be a Float32Array or a memory id (memoryId)");
  }
  const uint64_t bits = static_cast<uint64_t>(value);
  const uint32_t slot = static_cast<uint32_t>(bits & (kSlotsMax - 1));
  const uint64_t generation = bits >> kSlotBits;
  const Registry* registry = registry_of(env);
  const Block* block = nullptr;
  if (registry != nullptr && slot < registry->slots.size() && registry->slots[slot].generation == generation) {
    block = registry->slots[slot].block;
  }
  if (block == nullptr) {
    throw_coded(Napi::Env(env), "KNHK_E_BUFFER_RELEASED",
                std::string(op) + ": " + name + " names no live memory of this thread (released, or not a memoryId)");
  }
  return F32Span{static_cast<float*>(block->data), block->visible / sizeof(float)};
}

F32Span f32_input(const Napi::CallbackInfo& info, size_t index, const char* op, const char* name) {
  const napi_env env = info.Env();
  const napi_value value = info[index];
  napi_typedarray_type type = napi_int8_array;
  size_t length = 0;
  void* data = nullptr;
  if (napi_get_typedarray_info(env, value, &type, &length, &data, nullptr, nullptr) == napi_ok) {
    if (type != napi_float32_array) {
      throw_coded(info.Env(), "KNHK_E_ARG_TYPE",
                  std::string(op) + ": " + name + " must be a Float32Array or a memoryId");
    }
    return F32Span{static_cast<float*>(data), length};
  }
  return memory_f32(env, value, op, name);  // KNHK_E_ARG_TYPE for anything but a number
}

void add_memory_functions(Napi::Env env, Napi::Object exports) {
  exports.Set("allocateMemory", Napi::Function::New(env, allocate_memory, "allocateMemory"));
  exports.Set("releaseMemory", Napi::Function::New(env, release_memory, "releaseMemory"));
  exports.Set("memoryId", Napi::Function::New(env, memory_id, "memoryId"));
  if (registry_of(env) == nullptr) {
    Registry* registry = new Registry();
    std::random_device random;
    registry->first_generation = (random() & kGenerationMask) | 1;
    napi_set_instance_data(env, registry, finalize_registry, nullptr);
  }
}

}  // namespace knhk
