// The thread pool's size, as JS functions.
#pragma once

#include <napi.h>

namespace knhk {

// threads(): the threads large operations use; setThreads(n): 1 to kThreadsMax.
void add_thread_functions(Napi::Env env, Napi::Object exports);

}  // namespace knhk
