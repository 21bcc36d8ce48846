// addon.cuda: the CUDA driver API, loaded with dlopen at run time (see ../cuda/cuda_loader.h).
// Driver and devices, contexts and modules here; memory, copies, streams, events and launches
// in cuda_queue_binding.cc.
#pragma once

#include <napi.h>

#include <string>

#include "../cuda/cuda_api.h"

namespace knhk {

// The driver at `library`, initialised (cuInit); KNHK_E_PLUGIN_UNAVAILABLE with the reason
// when it does not load or cuInit fails.
const cu::Api& initialised_driver(Napi::Env env, const std::string& library, const char* op);

// Adds memory, copy, stream, event and launch functions to `cuda` (cuda_queue_binding.cc).
void add_cuda_queue_functions(Napi::Env env, Napi::Object cuda);

// Adds `exports.cuda`.
void add_cuda_functions(Napi::Env env, Napi::Object exports);

}  // namespace knhk
