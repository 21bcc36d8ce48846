/**
 * Seeded random test data (mulberry32), so that every run checks the same cases.
 */

/** A seeded generator of test inputs. */
export class TestRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** A uniform number in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

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
