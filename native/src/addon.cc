// The addon's entry point: it only registers the exports.
#include <napi.h>

#include "binding/buffer_binding.h"
#include "binding/cuda_binding.h"
#include "binding/isa_binding.h"
#include "binding/opencl_binding.h"
#include "binding/peer_binding.h"
#include "binding/threads_binding.h"

namespace {

Napi::Object init(Napi::Env env, Napi::Object exports) {
  knhk::add_isa_functions(env, exports);
  knhk::add_opencl_functions(env, exports);
  knhk::add_cuda_functions(env, exports);
  knhk::add_thread_functions(env, exports);
  knhk::add_memory_functions(env, exports);
  knhk::add_peer_functions(env, exports);
  return exports;
}

}  // namespace

NODE_API_MODULE(knhk_native, init)
