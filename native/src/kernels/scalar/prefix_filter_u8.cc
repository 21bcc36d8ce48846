// The hashed-prefix filter, portable C++: one 4-byte load, hash and bitmap test per position.
#include "../prefix_filter.h"
#include "../prefix_filter_tail.h"

namespace knhk {

void prefix_filter_u8_scalar(const PrefixFilter& filter, const uint8_t* data, size_t n, CandidateFn found,
                             void* context) {
  prefix_filter_tail(filter, data, 0, n, found, context);
}

}  // namespace knhk
