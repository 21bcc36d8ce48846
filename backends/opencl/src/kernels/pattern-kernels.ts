/**
 * OpenCL C kernels of the `pattern` capability: an Aho-Corasick automaton (`@knhk/host`'s
 * dense table, next state times 256 by state times 256 plus byte) run in parallel over chunks
 * of the data. Each work-item takes one chunk of end positions; it first runs the automaton
 * over the `lookbehind` bytes before its chunk (the longest pattern less one byte), which puts
 * it in the state a scan from the start would be in, then reports the matches that end in its
 * chunk. A first pass counts the matches per work-item, the host turns the counts into write
 * offsets, and a second pass writes ids (ascending per end, from the complete output lists)
 * and end offsets; small scans (a stream's chunks) use one pass into per-item regions instead,
 * read back at once. Positions before `from` are context only (a stream's carried bytes).
 */
import type { KernelSource } from './kernel-source.js';

/** The `pattern` program. */
export const PATTERN_PROGRAM: KernelSource = {
  name: 'pattern',
  source: `
/* The state before the first end position of this work-item's chunk, and the chunk's bounds. */
bool chunk_of(uint n, uint from, uint chunk, uint lookbehind, global const uchar* data, global const int* table,
              uint* first, uint* last, int* state) {
  const uint item = (uint)get_global_id(0);
  const ulong start = (ulong)from + (ulong)item * chunk;
  if (start >= n) return false;
  *first = (uint)start;
  *last = (uint)min((ulong)n, start + chunk);
  int s = 0;
  for (uint i = *first > lookbehind ? *first - lookbehind : 0; i < *first; i++) s = table[s + data[i]];
  *state = s;
  return true;
}

kernel void ac_count(global const uchar* data, uint n, uint from, uint chunk, uint lookbehind,
                     global const int* table, global const uint* outStart, global uint* counts) {
  uint first, last;
  int s;
  uint count = 0;
  if (chunk_of(n, from, chunk, lookbehind, data, table, &first, &last, &s)) {
    for (uint i = first; i < last; i++) {
      s = table[s + data[i]];
      count += outStart[(s >> 8) + 1] - outStart[s >> 8];
    }
  }
  counts[get_global_id(0)] = count;
}

kernel void ac_write(global const uchar* data, uint n, uint from, uint chunk, uint lookbehind,
                     global const int* table, global const uint* outStart, global const uint* outIds,
                     global const uint* offsets, global uint* ids, global uint* ends) {
  uint first, last;
  int s;
  if (!chunk_of(n, from, chunk, lookbehind, data, table, &first, &last, &s)) return;
  uint w = offsets[get_global_id(0)];
  for (uint i = first; i < last; i++) {
    s = table[s + data[i]];
    const uint lo = outStart[s >> 8];
    const uint hi = outStart[(s >> 8) + 1];
    for (uint j = lo; j < hi; j++) {
      ids[w] = outIds[j];
      ends[w] = i + 1;
      w++;
    }
  }
}

/* One pass for small scans: each work-item writes its matches into its own region of 'capacity'
   entries (its chunk's length times the longest output list), and its count; layout of 'out':
   counts[items], then ids[items * capacity], then ends[items * capacity]. The host compacts. */
kernel void ac_collect(global const uchar* data, uint n, uint from, uint chunk, uint lookbehind,
                       global const int* table, global const uint* outStart, global const uint* outIds,
                       uint capacity, global uint* out) {
  const uint item = (uint)get_global_id(0);
  const uint items = (uint)get_global_size(0);
  uint first, last;
  int s;
  uint w = 0;
  if (chunk_of(n, from, chunk, lookbehind, data, table, &first, &last, &s)) {
    global uint* ids = out + items + (size_t)item * capacity;
    global uint* ends = out + items + (size_t)items * capacity + (size_t)item * capacity;
    for (uint i = first; i < last; i++) {
      s = table[s + data[i]];
      const uint lo = outStart[s >> 8];
      const uint hi = outStart[(s >> 8) + 1];
      for (uint j = lo; j < hi; j++) {
        ids[w] = outIds[j];
        ends[w] = i + 1;
        w++;
      }
    }
  }
  out[item] = w;
}
`,
};
