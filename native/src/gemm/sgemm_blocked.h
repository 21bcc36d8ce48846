// The blocked sgemm driver, shared by every ISA: the loops around a micro-kernel (Goto's
// algorithm, as in BLIS). For each nc-wide block of columns and kc-deep block of k, the
// block of op(B) is packed once (in parallel) into nr-wide panels; each task then packs
// mc-row blocks of op(A) of its part of the rows (or of all rows, when it takes a part of
// the columns instead) and runs the micro-kernel over mr x nr tiles. Beta applies to the
// first kc block only; later blocks accumulate into C.
#pragma once

#include "../kernels/sgemm_tile.h"
#include "../parallel/thread_pool.h"
#include "sgemm_call.h"

namespace knhk {

// Tasks per thread of a parallel call: parts smaller than a thread's share, taken from the
// pool's queue as threads come free, so that a thread the OS preempts (a busy machine)
// delays the call by one small part, not by half of it. Each task packs A into its own
// buffer, so the count is capped (at kSgemmTasksMax, or one per thread when there are more).
constexpr unsigned kSgemmTasksPerThread = 4;
constexpr unsigned kSgemmTasksMax = 64;

// Below this many multiply-adds (m * n * k) a call runs on the calling thread only: the
// fork-join would cost more than it saves.
constexpr double kSgemmParallelMin = 64.0 * 64.0 * 64.0 * 4.0;

// Computes `call` with `tile`'s micro-kernel on up to `threads` threads of `pool`. Throws
// std::bad_alloc when the packing buffers cannot be allocated (before C is touched).
void sgemm_blocked_f32(const SgemmTile& tile, const SgemmCall& call, ThreadPool& pool, unsigned threads);

}  // namespace knhk
