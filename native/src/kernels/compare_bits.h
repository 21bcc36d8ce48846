// What every ISA's comparison kernels share: the predicates in core's CompareOp order, the
// scalar form of each (tails, and the scalar kernels), and the expansion of a lane bit mask
// into one 0/1 byte per lane. Internal linkage (static), as in reduce_tail.h, so each ISA's
// compilation unit keeps its own copy.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace knhk {

// core's CompareOp: 'lt' | 'le' | 'gt' | 'ge' | 'eq' | 'ne', in that order.
enum CompareOpF32 : int { kCmpLt = 0, kCmpLe = 1, kCmpGt = 2, kCmpGe = 3, kCmpEq = 4, kCmpNe = 5 };

// x op y: false when either is NaN, except ne, which is then true (IEEE, as in JavaScript).
static inline bool compare_scalar(float x, float y, int op) {
  switch (op) {
    case kCmpLt:
      return x < y;
    case kCmpLe:
      return x <= y;
    case kCmpGt:
      return x > y;
    case kCmpGe:
      return x >= y;
    case kCmpEq:
      return x == y;
    default:
      return !(x == y);
  }
}

// byte_masks().bytes[m]: 8 bytes whose byte i is bit i of m (little-endian order).
struct ByteMasks {
  uint64_t bytes[256];
};

static constexpr ByteMasks make_byte_masks() {
  ByteMasks table{};
  for (int m = 0; m < 256; ++m) {
    uint64_t value = 0;
    for (int i = 0; i < 8; ++i) {
      if (((m >> i) & 1) != 0) value |= uint64_t{1} << (8 * i);
    }
    table.bytes[m] = value;
  }
  return table;
}

static constexpr ByteMasks kByteMasks = make_byte_masks();

// Writes 8 bytes: out[i] = bit i of `bits`.
static inline void store_mask_bytes(uint8_t* out, unsigned bits) {
  std::memcpy(out, &kByteMasks.bytes[bits & 0xffu], 8);
}

}  // namespace knhk
