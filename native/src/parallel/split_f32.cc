#include "split_f32.h"

#include <cmath>
#include <vector>

namespace knhk {

namespace {

// Parts are whole multiples of 64 elements (a cache line of every operand).
constexpr size_t kGrain = 64;

unsigned tasks_for(size_t n, const ThreadPool& pool) { return n < kSplitElementsMin ? 1 : pool.threads(); }

// Runs part(begin, end) for each task's part of n and returns the per-task results in order.
template <typename Result, typename Fn>
std::vector<Result> split(size_t n, ThreadPool& pool, Fn part) {
  const unsigned tasks = tasks_for(n, pool);
  std::vector<Result> results(tasks);
  pool.run(tasks, [&](unsigned t) {
    const Part p = part_of(n, tasks, t, kGrain);
    results[t] = part(p.begin, p.end);
  });
  return results;
}

}  // namespace

double min_of_partials(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return NAN;
  return b < a || (b == a && std::signbit(b)) ? b : a;
}

double max_of_partials(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return NAN;
  return b > a || (b == a && !std::signbit(b)) ? b : a;
}

void binary_split_f32(BinaryF32 kernel, const float* a, const float* b, float* out, size_t n, ThreadPool& pool) {
  if (tasks_for(n, pool) == 1) return kernel(a, b, out, n);
  split<char>(n, pool, [&](size_t begin, size_t end) {
    kernel(a + begin, b + begin, out + begin, end - begin);
    return char{0};
  });
}

void ternary_split_f32(TernaryF32 kernel, const float* a, const float* b, const float* c, float* out, size_t n,
                       ThreadPool& pool) {
  if (tasks_for(n, pool) == 1) return kernel(a, b, c, out, n);
  split<char>(n, pool, [&](size_t begin, size_t end) {
    kernel(a + begin, b + begin, c + begin, out + begin, end - begin);
    return char{0};
  });
}

void compare_split_f32(CompareF32 kernel, const float* a, const float* b, uint8_t* out, size_t n, int op,
                       ThreadPool& pool) {
  if (tasks_for(n, pool) == 1) return kernel(a, b, out, n, op);
  split<char>(n, pool, [&](size_t begin, size_t end) {
    kernel(a + begin, b + begin, out + begin, end - begin, op);
    return char{0};
  });
}

void compare_scalar_split_f32(CompareScalarF32 kernel, const float* a, float b, uint8_t* out, size_t n, int op,
                              ThreadPool& pool) {
  if (tasks_for(n, pool) == 1) return kernel(a, b, out, n, op);
  split<char>(n, pool, [&](size_t begin, size_t end) {
    kernel(a + begin, b, out + begin, end - begin, op);
    return char{0};
  });
}

double dot_split_f32(DotF32 kernel, const float* a, const float* b, size_t n, ThreadPool& pool) {
  if (tasks_for(n, pool) == 1) return kernel(a, b, n);
  double total = 0.0;
  for (double part : split<double>(n, pool, [&](size_t begin, size_t end) {
         return kernel(a + begin, b + begin, end - begin);
       })) {
    total += part;
  }
  return total;
}

double sum_split_f32(ReduceF32 kernel, const float* x, size_t n, ThreadPool& pool) {
  if (tasks_for(n, pool) == 1) return kernel(x, n);
  double total = 0.0;
  for (double part : split<double>(n, pool, [&](size_t begin, size_t end) { return kernel(x + begin, end - begin); })) {
    total += part;
  }
  return total;
}

// Every part is non-empty: part_of gives empty parts only when n < tasks * kGrain, and
// tasks_for keeps one task below kSplitElementsMin, which is far above that.
double min_split_f32(ReduceF32 kernel, const float* x, size_t n, ThreadPool& pool) {
  if (tasks_for(n, pool) == 1) return kernel(x, n);
  const std::vector<double> parts =
      split<double>(n, pool, [&](size_t begin, size_t end) { return kernel(x + begin, end - begin); });
  double best = parts[0];
  for (size_t i = 1; i < parts.size(); ++i) best = min_of_partials(best, parts[i]);
  return best;
}

double max_split_f32(ReduceF32 kernel, const float* x, size_t n, ThreadPool& pool) {
  if (tasks_for(n, pool) == 1) return kernel(x, n);
  const std::vector<double> parts =
      split<double>(n, pool, [&](size_t begin, size_t end) { return kernel(x + begin, end - begin); });
  double best = parts[0];
  for (size_t i = 1; i < parts.size(); ++i) best = max_of_partials(best, parts[i]);
  return best;
}

size_t argmax_split_f32(ArgReduceF32 kernel, const float* x, size_t n, ThreadPool& pool) {
  if (tasks_for(n, pool) == 1) return kernel(x, n);
  const std::vector<size_t> parts =
      split<size_t>(n, pool, [&](size_t begin, size_t end) { return begin + kernel(x + begin, end - begin); });
  size_t at = parts[0];
  for (size_t i = 0; i < parts.size(); ++i) {
    const float v = x[parts[i]];
    if (v != v) return parts[i];  // the first part with a NaN holds the first NaN
    if (i > 0 && v > x[at]) at = parts[i];
  }
  return at;
}

}  // namespace knhk
