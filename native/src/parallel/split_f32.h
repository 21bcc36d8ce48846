// Large element-wise operations, dot products and reductions split over the thread pool:
// each thread runs the ISA's kernel on one contiguous part, and the parts' results are
// combined with the kernels' own rules (NaN propagates, -0 orders below +0, argmax gives the
// first NaN, else the first largest element). Below kSplitElementsMin elements, or with a
// pool of one thread, the kernel runs once on the calling thread.
#pragma once

#include <cstddef>

#include "../kernels/kernels.h"
#include "thread_pool.h"

namespace knhk {

// 2^18 elements (1 MiB per operand): below it the fork-join costs more than a second core saves.
constexpr size_t kSplitElementsMin = size_t{1} << 18;

void binary_split_f32(BinaryF32 kernel, const float* a, const float* b, float* out, size_t n, ThreadPool& pool);
void ternary_split_f32(TernaryF32 kernel, const float* a, const float* b, const float* c, float* out, size_t n,
                       ThreadPool& pool);
void compare_split_f32(CompareF32 kernel, const float* a, const float* b, uint8_t* out, size_t n, int op,
                       ThreadPool& pool);
void compare_scalar_split_f32(CompareScalarF32 kernel, const float* a, float b, uint8_t* out, size_t n, int op,
                              ThreadPool& pool);
double dot_split_f32(DotF32 kernel, const float* a, const float* b, size_t n, ThreadPool& pool);
double sum_split_f32(ReduceF32 kernel, const float* x, size_t n, ThreadPool& pool);
// n >= 1.
double min_split_f32(ReduceF32 kernel, const float* x, size_t n, ThreadPool& pool);
double max_split_f32(ReduceF32 kernel, const float* x, size_t n, ThreadPool& pool);
size_t argmax_split_f32(ArgReduceF32 kernel, const float* x, size_t n, ThreadPool& pool);

// The combination rules, exposed for their tests: the smaller/larger of two partial results
// (NaN wins, -0 is below +0).
double min_of_partials(double a, double b);
double max_of_partials(double a, double b);

}  // namespace knhk
