// Memory the addon owns, handed to JS as ArrayBuffers over it (the device buffers of the
// SIMD backends).
#pragma once

#include <napi.h>

#include <cstddef>

#include "args.h"

namespace knhk {

// allocateMemory(bytes): a zero-filled, 64-byte aligned ArrayBuffer of native memory;
// releaseMemory(arrayBuffer): detaches it, so every view of it has length 0 at once, and the
// memory is freed as soon as V8 drops its reference.
// memoryId(arrayBuffer): the block's id in this JS environment, which memory_f32 takes.
void add_memory_functions(Napi::Env env, Napi::Object exports);

// The f32 elements of the memory whose memoryId is `id` (its bytes / 4). Throws
// KNHK_E_ARG_TYPE for an id that is not a non-negative integer and KNHK_E_BUFFER_RELEASED
// for one that names no live block of this environment. The memory stays valid until JS on
// this thread releases the buffer or drops its ArrayBuffer.
F32Span memory_f32(napi_env env, napi_value id, const char* op, const char* name);

// Argument `index` as f32 elements: a Float32Array, or the memoryId of a block (memory_f32).
// The Float32Array is tried first, so that its path costs what f32_arg costs; anything else
// is KNHK_E_ARG_TYPE.
F32Span f32_input(const Napi::CallbackInfo& info, size_t index, const char* op, const char* name);

}  // namespace knhk
