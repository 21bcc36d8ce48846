/**
 * A small seeded pseudo-random generator (mulberry32) for deterministic weight
 * initialisation: the same seed gives the same weights on every machine.
 */

/** Uniform numbers in [0, 1) from a 32-bit state. */
export class SeededRandom {
  private state: number;

  /** Any safe integer seed; its high and low 32 bits are both mixed in. */
  constructor(seed: number) {
    const high = Math.floor(seed / 2 ** 32) >>> 0;
    this.state = (seed >>> 0) ^ Math.imul(high, 0x9e3779b1);
  }

  /** The next uniform number in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A uniform number in [-limit, limit). */
  symmetric(limit: number): number {
    return (2 * this.next() - 1) * limit;
  }
}
