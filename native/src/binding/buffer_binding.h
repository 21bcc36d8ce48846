// Memory the addon owns, handed to JS as ArrayBuffers over it (the device buffers of the
// SIMD backends).
#pragma once

#include <napi.h>

namespace knhk {

// allocateMemory(bytes): a zero-filled, 64-byte aligned ArrayBuffer of native memory;
// releaseMemory(arrayBuffer): detaches it, so every view of it has length 0 at once, and the
// memory is freed as soon as V8 drops its reference.
void add_memory_functions(Napi::Env env, Napi::Object exports);

}  // namespace knhk
