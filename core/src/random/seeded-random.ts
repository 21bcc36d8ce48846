/**
 * The seeded pseudo-random generator knhk uses wherever results must repeat: workload
 * inputs, weight initialisation, test data. mulberry32: small, fast, and the same sequence on
 * every machine. Not for cryptography.
 */

/** Uniform numbers from a 32-bit state. */
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

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** A uniform number in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** A uniform number in [-limit, limit). */
  symmetric(limit: number): number {
    return (2 * this.next() - 1) * limit;
  }
}

/** A function returning the next number in [0, 1) of a {@link SeededRandom}. */
export function seededRandom(seed: number): () => number {
  const generator = new SeededRandom(seed);
  return () => generator.next();
}
