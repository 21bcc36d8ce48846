/**
 * Seeded pseudo-random inputs. Each check gets its own generator, seeded from the run's seed
 * and the check's id, so a check's inputs do not depend on which other checks run.
 */

const POWERS_OF_TWO = Float64Array.from({ length: 65 }, (_, i) => 2 ** (i - 32));

/** FNV-1a hash of a string, mixed with a seed: the seed of one check's generator. */
export function hashSeed(seed: number, text: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** A small, fast, seeded generator (sfc32) with helpers for the kit's inputs. */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 15; i++) this.uint32();
  }

  /** The generator of one check. */
  static forCheck(seed: number, id: string): Random {
    return new Random(hashSeed(seed, id));
  }

  /** A uniform 32-bit unsigned integer. */
  uint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** A uniform number in [0, 1). */
  float(): number {
    return this.uint32() / 4294967296;
  }

  /** A uniform integer in [lo, hi] (inclusive). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)];
  }

  /**
   * A float32 with a random sign, mantissa and binary exponent in [minExp, maxExp]: inputs
   * of very different magnitudes, so that additions must align and round.
   */
  f32(minExp = -16, maxExp = 16): number {
    const sign = this.uint32() & 1 ? -1 : 1;
    return Math.fround(sign * (1 + this.float()) * POWERS_OF_TWO[this.int(minExp, maxExp) + 32]);
  }

  /** `n` float32 values from {@link Random.f32}. */
  f32Array(n: number, minExp = -16, maxExp = 16): Float32Array {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = this.f32(minExp, maxExp);
    return out;
  }

  /** `n` values uniform in [lo, hi). */
  uniformArray(n: number, lo: number, hi: number): Float32Array {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * this.float();
    return out;
  }

  /** `n` integer values in [lo, hi], stored as float32. */
  intArray(n: number, lo: number, hi: number): Float32Array {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = this.int(lo, hi);
    return out;
  }

  /** `n` bytes, drawn from `alphabet` when given, else uniform. */
  bytes(n: number, alphabet?: Uint8Array): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = alphabet ? alphabet[this.int(0, alphabet.length - 1)] : this.uint32() & 255;
    return out;
  }

  /** Cut points that split `total` items into chunks of random sizes (some empty), in order. */
  cuts(total: number, maxChunk: number): number[] {
    const points: number[] = [];
    let at = 0;
    while (at < total) {
      const size = this.float() < 0.1 ? 0 : this.int(1, maxChunk);
      at = Math.min(total, at + size);
      points.push(at);
    }
    return points;
  }
}

/** Where a strided operand's elements are: from `offset`, every `stride`-th. */
export interface Placement {
  readonly offset?: number;
  readonly stride?: number;
}

/** Index in the array of element `i` of a strided operand. */
export function placedIndex(placement: Placement | undefined, i: number): number {
  return (placement?.offset ?? 0) + i * (placement?.stride ?? 1);
}

/**
 * An array that holds `values` at `placement`, with `extra` more elements after the last one
 * (`extra` < stride keeps the operand's element count exact). Elements in between hold `fill`.
 */
export function placeValues(
  values: Float32Array,
  placement: Placement | undefined,
  extra = 0,
  fill = -7.25,
): Float32Array {
  const n = values.length;
  const offset = placement?.offset ?? 0;
  const used = n === 0 ? offset : placedIndex(placement, n - 1) + 1;
  const out = new Float32Array(used + extra).fill(fill);
  for (let i = 0; i < n; i++) out[placedIndex(placement, i)] = values[i];
  return out;
}

/** The values of a strided operand, read back from its array. */
export function takeValues(array: ArrayLike<number>, placement: Placement | undefined, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = array[placedIndex(placement, i)];
  return out;
}
