#include "sgemm_blocked.h"

#include <cstdlib>
#include <new>

#include "sgemm_pack.h"

namespace knhk {

namespace {

size_t round_up(size_t value, size_t step) { return (value + step - 1) / step * step; }
size_t min_of(size_t a, size_t b) { return a < b ? a : b; }

// 64-byte aligned packing memory, kept per calling thread and grown on demand, so that
// repeated calls neither allocate nor fault in fresh pages.
class PackBuffer {
 public:
  ~PackBuffer() { std::free(data_); }
  float* reserve(size_t floats) {
    if (floats <= capacity_) return data_;
    const size_t bytes = round_up(floats * sizeof(float), 64);
    void* fresh = std::aligned_alloc(64, bytes);
    if (fresh == nullptr) throw std::bad_alloc();
    std::free(data_);
    data_ = static_cast<float*>(fresh);
    capacity_ = bytes / sizeof(float);
    return data_;
  }

 private:
  float* data_ = nullptr;
  size_t capacity_ = 0;
};

// C = beta * C (C not read when beta is 0): the whole call when alpha or k is 0.
void scale_c(const SgemmCall& call) {
  if (call.beta == 1.0f) return;
  for (size_t i = 0; i < call.m; ++i) {
    float* row = call.c + i * call.ldc;
    for (size_t j = 0; j < call.n; ++j) row[j] = call.beta == 0.0f ? 0.0f : call.beta * row[j];
  }
}

// One tile of C of rows x cols (at most mr x nr): the micro-kernel straight into C when the
// tile is whole, else into a scratch tile whose used part is then added into C.
void run_tile(const SgemmTile& tile, size_t kc, const float* ap, const float* bp, float* c, size_t ldc, size_t rows,
              size_t cols, float alpha, float beta) {
  if (rows == tile.mr && cols == tile.nr) {
    tile.micro(kc, ap, bp, c, ldc, alpha, beta);
    return;
  }
  alignas(64) float scratch[kSgemmTileElementsMax];
  tile.micro(kc, ap, bp, scratch, tile.nr, alpha, 0.0f);
  for (size_t r = 0; r < rows; ++r) {
    float* row = c + r * ldc;
    const float* from = scratch + r * tile.nr;
    for (size_t j = 0; j < cols; ++j) row[j] = beta == 0.0f ? from[j] : from[j] + beta * row[j];
  }
}

// The block of C being computed: columns [j0, j0 + nc), depth [p0, p0 + kc) of k.
struct Block {
  size_t j0;
  size_t nc;
  size_t p0;
  size_t kc;
  float beta;
  const float* packed_b;
};

// Rows [r0, r1) of C against column panels [q0, q1) of the block, packing A into `packed_a`.
void multiply_part(const SgemmTile& tile, const SgemmCall& call, const Block& block, size_t r0, size_t r1, size_t q0,
                   size_t q1, float* packed_a) {
  for (size_t i0 = r0; i0 < r1; i0 += tile.mc) {
    const size_t mc = min_of(tile.mc, r1 - i0);
    pack_a_f32(call, i0, mc, block.p0, block.kc, tile.mr, packed_a);
    for (size_t q = q0; q < q1; ++q) {
      const size_t j = block.j0 + q * tile.nr;
      const size_t cols = min_of(tile.nr, block.j0 + block.nc - j);
      const float* bp = block.packed_b + q * block.kc * tile.nr;
      for (size_t ir = 0; ir < mc; ir += tile.mr) {
        const float* ap = packed_a + ir * block.kc;
        float* c = call.c + (i0 + ir) * call.ldc + j;
        run_tile(tile, block.kc, ap, bp, c, call.ldc, min_of(tile.mr, mc - ir), cols, call.alpha, block.beta);
      }
    }
  }
}

// Splits a block over `tasks`: by rows when there are at least as many row panels as
// column panels (and enough for every task), else by column panels.
void multiply_block(const SgemmTile& tile, const SgemmCall& call, const Block& block, ThreadPool& pool,
                    unsigned tasks, float* packed_a, size_t a_stride) {
  const size_t row_panels = (call.m + tile.mr - 1) / tile.mr;
  const size_t col_panels = (block.nc + tile.nr - 1) / tile.nr;
  const bool by_rows = row_panels >= tasks && (row_panels >= col_panels || col_panels < tasks);
  pool.run(tasks, [&](unsigned t) {
    float* own_a = packed_a + t * a_stride;
    if (by_rows) {
      const Part rows = part_of(call.m, tasks, t, tile.mr);
      multiply_part(tile, call, block, rows.begin, rows.end, 0, col_panels, own_a);
    } else {
      const Part cols = part_of(col_panels, tasks, t, 1);
      multiply_part(tile, call, block, 0, call.m, cols.begin, cols.end, own_a);
    }
  });
}

unsigned tasks_for(const SgemmCall& call, unsigned threads) {
  const double work = static_cast<double>(call.m) * static_cast<double>(call.n) * static_cast<double>(call.k);
  if (work < kSgemmParallelMin || threads <= 1) return 1;
  const unsigned many = threads * kSgemmTasksPerThread;
  return many < kSgemmTasksMax ? many : (threads > kSgemmTasksMax ? threads : kSgemmTasksMax);
}

}  // namespace

void sgemm_blocked_f32(const SgemmTile& tile, const SgemmCall& call, ThreadPool& pool, unsigned threads) {
  if (call.m == 0 || call.n == 0) return;
  if (call.alpha == 0.0f || call.k == 0) {
    scale_c(call);
    return;
  }
  const unsigned tasks = tasks_for(call, threads);
  const size_t kc_max = min_of(tile.kc, call.k);
  const size_t b_floats = round_up(min_of(tile.nc, call.n), tile.nr) * kc_max;
  const size_t a_stride = round_up(min_of(tile.mc, call.m), tile.mr) * kc_max;
  thread_local PackBuffer buffer;
  float* packed_b = buffer.reserve(b_floats + tasks * a_stride);
  float* packed_a = packed_b + b_floats;
  for (size_t j0 = 0; j0 < call.n; j0 += tile.nc) {
    const size_t nc = min_of(tile.nc, call.n - j0);
    const size_t panels = (nc + tile.nr - 1) / tile.nr;
    for (size_t p0 = 0; p0 < call.k; p0 += tile.kc) {
      const size_t kc = min_of(tile.kc, call.k - p0);
      pool.run(tasks, [&](unsigned t) {
        const Part part = part_of(panels, tasks, t, 1);
        pack_b_f32(call, p0, kc, j0, j0 + nc, part.begin, part.end, tile.nr, packed_b);
      });
      const Block block{j0, nc, p0, kc, p0 == 0 ? call.beta : 1.0f, packed_b};
      multiply_block(tile, call, block, pool, tasks, packed_a, a_stride);
    }
  }
}

}  // namespace knhk
