/**
 * Seeded random test data, so that every run checks the same cases.
 */
import { SeededRandom } from '@knhk/core';

/** A seeded generator of test inputs: core's generator plus the shapes the tests need. */
export class TestRandom extends SeededRandom {
  /** A standard normal number (Box-Muller). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** `n` floats uniform in [-scale, scale). */
  floats(n: number, scale = 10): Float32Array {
    return Float32Array.from({ length: n }, () => this.uniform(-scale, scale));
  }

  /** `n` random bytes below `alphabet`. */
  bytes(n: number, alphabet = 256): Uint8Array {
    return Uint8Array.from({ length: n }, () => this.int(alphabet));
  }
}
