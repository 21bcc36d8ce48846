// Teddy candidates, portable C++: the nibble tables looked up one byte at a time.
#include "../teddy.h"
#include "../teddy_tail.h"

namespace knhk {

void teddy_u8_scalar(const TeddyMasks& masks, const uint8_t* data, size_t n, CandidateFn found, void* context) {
  teddy_tail(masks, data, 0, n, found, context);
}

}  // namespace knhk
