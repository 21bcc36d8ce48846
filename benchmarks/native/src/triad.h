// A STREAM-style triad, a[i] = b[i] + s * c[i], over f32 arrays split across threads: the
// memory bandwidth the vector benchmarks are compared with. Plain C++, no N-API types.
#pragma once

#include <cstddef>

namespace knhk {

// Runs the triad once on `threads` threads (contiguous slices); returns the seconds it took.
double triad_f32(float* a, const float* b, const float* c, float s, size_t n, unsigned threads);

}  // namespace knhk
