/** A small seeded PRNG (xorshift128+ over BigInt-free 32-bit halves: sfc32) for reproducible property tests. */
export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 16; i++) this.next();
  }

  /** A uniform 32-bit unsigned integer. */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** An integer in [0, n). */
  below(n: number): number {
    return Math.floor((this.next() / 2 ** 32) * n);
  }

  /** A BigInt in [0, n). */
  bigBelow(n: bigint): bigint {
    let x = 0n;
    for (let i = 0; i < 4; i++) x = (x << 32n) | BigInt(this.next());
    return x % n;
  }
}
