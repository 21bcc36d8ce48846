// Packing of op(A) and op(B) into the contiguous panels a micro-kernel reads (see
// kernels/sgemm_tile.h), zero-padded to whole panels so that edge tiles need no special
// kernel.
#pragma once

#include <cstddef>

#include "sgemm_call.h"

namespace knhk {

// Rows [i0, i0 + mc) and columns [p0, p0 + kc) of op(A), as ceil(mc / mr) panels of
// kc x mr; panel q starts at out + q * kc * mr and holds [p][r].
void pack_a_f32(const SgemmCall& call, size_t i0, size_t mc, size_t p0, size_t kc, size_t mr, float* out);

// Rows [p0, p0 + kc) of op(B), panels [q0, q1) of nr columns from column j0 + q0 * nr
// (stopping at column j_end); panel q starts at out + q * kc * nr and holds [p][c].
void pack_b_f32(const SgemmCall& call, size_t p0, size_t kc, size_t j0, size_t j_end, size_t q0, size_t q1, size_t nr,
                float* out);

}  // namespace knhk
