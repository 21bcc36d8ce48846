// The `pattern` family: an Aho-Corasick automaton in device memory (`@knhk/host`'s dense
// table: the next state times 256, indexed by state times 256 plus byte; `out_start` and
// `out_ids` the output lists per state) run in parallel over chunks of the data. Each thread
// takes one chunk of end positions; it first runs the automaton over the `lookbehind` bytes
// before its chunk (the longest pattern less one byte: the overlap), which puts it in the
// state a scan from the start would be in, then reports the matches that end in its chunk, so
// the results are exact. A first pass counts the matches per thread, the host turns the
// counts into write offsets (an exclusive scan), and a second pass writes ids (ascending per
// end) and end offsets; small scans use one pass into per-thread regions (`ac_collect`).
// Positions before `from` are context only (a stream's carried bytes).
#include "knhk_portability.cuh"

// The state before the first end position of this thread's chunk, and the chunk's bounds.
__device__ bool chunk_of(unsigned n, unsigned from, unsigned chunk, unsigned lookbehind, const unsigned char* data,
                         const int* table, unsigned* first, unsigned* last, int* state) {
  const unsigned long long item = static_cast<unsigned long long>(blockIdx.x) * blockDim.x + threadIdx.x;
  const unsigned long long start = static_cast<unsigned long long>(from) + item * chunk;
  if (start >= n) return false;
  *first = static_cast<unsigned>(start);
  *last = static_cast<unsigned>(start + chunk < n ? start + chunk : n);
  int s = 0;
  for (unsigned i = *first > lookbehind ? *first - lookbehind : 0; i < *first; i++) s = table[s + data[i]];
  *state = s;
  return true;
}

__device__ __forceinline__ size_t thread_index() {
  return static_cast<size_t>(blockIdx.x) * blockDim.x + threadIdx.x;
}

// counts[t] = the matches ending in thread t's chunk; `threads` is the number of chunks.
KNHK_KERNEL void ac_count(const unsigned char* data, unsigned n, unsigned from, unsigned chunk, unsigned lookbehind,
                          const int* table, const unsigned* out_start, unsigned* counts, unsigned threads) {
  if (thread_index() >= threads) return;
  unsigned first, last;
  int s;
  unsigned count = 0;
  if (chunk_of(n, from, chunk, lookbehind, data, table, &first, &last, &s)) {
    for (unsigned i = first; i < last; i++) {
      s = table[s + data[i]];
      count += out_start[(s >> 8) + 1] - out_start[s >> 8];
    }
  }
  counts[thread_index()] = count;
}

// Writes thread t's matches from offsets[t] (the exclusive scan of ac_count's counts).
KNHK_KERNEL void ac_write(const unsigned char* data, unsigned n, unsigned from, unsigned chunk, unsigned lookbehind,
                          const int* table, const unsigned* out_start, const unsigned* out_ids,
                          const unsigned* offsets, unsigned* ids, unsigned* ends, unsigned threads) {
  if (thread_index() >= threads) return;
  unsigned first, last;
  int s;
  if (!chunk_of(n, from, chunk, lookbehind, data, table, &first, &last, &s)) return;
  unsigned w = offsets[thread_index()];
  for (unsigned i = first; i < last; i++) {
    s = table[s + data[i]];
    const unsigned lo = out_start[s >> 8];
    const unsigned hi = out_start[(s >> 8) + 1];
    for (unsigned j = lo; j < hi; j++) {
      ids[w] = out_ids[j];
      ends[w] = i + 1;
      w++;
    }
  }
}

// One pass for small scans: thread t writes its matches into its own region of `capacity`
// entries (its chunk's length times the longest output list) and its count; layout of `out`:
// counts[threads], then ids[threads * capacity], then ends[threads * capacity].
KNHK_KERNEL void ac_collect(const unsigned char* data, unsigned n, unsigned from, unsigned chunk, unsigned lookbehind,
                            const int* table, const unsigned* out_start, const unsigned* out_ids, unsigned capacity,
                            unsigned* out, unsigned threads) {
  const size_t item = thread_index();
  if (item >= threads) return;
  unsigned first, last;
  int s;
  unsigned w = 0;
  if (chunk_of(n, from, chunk, lookbehind, data, table, &first, &last, &s)) {
    unsigned* ids = out + threads + item * capacity;
    unsigned* ends = out + threads + static_cast<size_t>(threads) * capacity + item * capacity;
    for (unsigned i = first; i < last; i++) {
      s = table[s + data[i]];
      const unsigned lo = out_start[s >> 8];
      const unsigned hi = out_start[(s >> 8) + 1];
      for (unsigned j = lo; j < hi; j++) {
        ids[w] = out_ids[j];
        ends[w] = i + 1;
        w++;
      }
    }
  }
  out[item] = w;
}
