import type { DeviceMemory, Matmul, PluginInstance } from '@knhk/core';
import { expect } from 'chai';
import { startCpu } from './cpu-instance.js';
import { expectCode } from './knhk-assertions.js';
import { TestRandom } from './test-random.js';

interface Case {
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly alpha: number;
  readonly beta: number;
  readonly transA: boolean;
  readonly transB: boolean;
  readonly lda: number;
  readonly ldb: number;
  readonly ldc: number;
  readonly aOffset: number;
  readonly bOffset: number;
  readonly cOffset: number;
}

function storedLength(offset: number, rows: number, cols: number, ld: number, spare: number): number {
  return offset + (rows === 0 || cols === 0 ? 0 : (rows - 1) * ld + cols) + spare;
}

/** C = alpha * op(A) * op(B) + beta * C by the triple loop, with a per-element error bound. */
function naiveSgemm(
  s: Case,
  a: Float32Array,
  b: Float32Array,
  c: Float32Array,
): { expected: Float32Array; bound: Float64Array } {
  const expected = c.slice();
  const bound = new Float64Array(c.length);
  for (let i = 0; i < s.m; i++) {
    for (let j = 0; j < s.n; j++) {
      let sum = 0;
      let magnitude = 0;
      for (let p = 0; p < s.k; p++) {
        const av = s.transA ? a[s.aOffset + p * s.lda + i] : a[s.aOffset + i * s.lda + p];
        const bv = s.transB ? b[s.bOffset + j * s.ldb + p] : b[s.bOffset + p * s.ldb + j];
        sum += av * bv;
        magnitude += Math.abs(av * bv);
      }
      const at = s.cOffset + i * s.ldc + j;
      const scaledC = s.beta === 0 ? 0 : s.beta * c[at];
      expected[at] = Math.fround(s.alpha * sum + scaledC);
      bound[at] = 1e-6 * (Math.abs(s.alpha) * magnitude + Math.abs(scaledC)) + 1e-30;
    }
  }
  return { expected, bound };
}

function expectClose(actual: Float32Array, expected: Float32Array, bound: Float64Array, what: string): void {
  expect(actual.length).to.equal(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const ok = Object.is(actual[i], expected[i]) || Math.abs(actual[i] - expected[i]) <= bound[i];
    if (!ok) expect.fail(`${what}: C[${i}] is ${actual[i]}, expected ${expected[i]} (within ${bound[i]})`);
  }
}

function makeCase(
  random: TestRandom,
  m: number,
  n: number,
  k: number,
  transA: boolean,
  transB: boolean,
  padded: boolean,
): Case {
  const pad = (): number => (padded ? 1 + random.int(4) : 0);
  return {
    m,
    n,
    k,
    alpha: padded ? random.uniform(-2, 2) : 1,
    beta: padded ? random.uniform(-2, 2) : 0,
    transA,
    transB,
    lda: (transA ? m : k) + pad(),
    ldb: (transB ? k : n) + pad(),
    ldc: n + pad(),
    aOffset: pad(),
    bOffset: pad(),
    cOffset: pad(),
  };
}

describe('cpu matmul', () => {
  let instance: PluginInstance;
  let matmul: Matmul;
  let memory: DeviceMemory;
  const random = new TestRandom(4242);

  before(async () => {
    instance = await startCpu();
    matmul = instance.get('matmul');
    memory = instance.get('memory');
  });
  after(() => instance.dispose());

  function check(s: Case, what: string): void {
    const a = random.floats(storedLength(s.aOffset, s.transA ? s.k : s.m, s.transA ? s.m : s.k, s.lda, 3), 2);
    const b = random.floats(storedLength(s.bOffset, s.transB ? s.n : s.k, s.transB ? s.k : s.n, s.ldb, 3), 2);
    const c = random.floats(storedLength(s.cOffset, s.m, s.n, s.ldc, 3), 2);
    const { expected, bound } = naiveSgemm(s, a, b, c);
    const result = matmul.sgemm({ ...s, a, b, c });
    expect(result).to.equal(c);
    expectClose(c, expected, bound, what);
  }

  const shapes: [number, number, number][] = [
    [1, 1, 1],
    [7, 13, 5],
    [65, 33, 17],
    [4, 8, 4],
    [3, 2, 600],
  ];
  for (const transA of [false, true]) {
    for (const transB of [false, true]) {
      const label = `${transA ? 'A^T' : 'A'} * ${transB ? 'B^T' : 'B'}`;
      it(`${label} matches the triple loop for 1x1x1, 7x13x5, 65x33x17, 4x8x4 and 3x2x600`, () => {
        for (const [m, n, k] of shapes)
          check(makeCase(random, m, n, k, transA, transB, false), `${label} ${m}x${n}x${k}`);
      });
      it(`${label} honours larger leading dimensions, offsets, alpha and beta`, () => {
        for (const [m, n, k] of shapes)
          check(makeCase(random, m, n, k, transA, transB, true), `${label} ${m}x${n}x${k}`);
      });
    }
  }

  it('crosses every block boundary (131x259x515, all transposes)', () => {
    for (const transA of [false, true]) {
      for (const transB of [false, true]) check(makeCase(random, 131, 259, 515, transA, transB, true), 'large');
    }
  });

  it('does not read C when beta is 0: NaN and Infinity in C do not propagate', () => {
    const c = Float32Array.of(NaN, Infinity, NaN, -Infinity);
    matmul.sgemm({ m: 2, n: 2, k: 2, a: Float32Array.of(1, 2, 3, 4), b: Float32Array.of(5, 6, 7, 8), c, beta: 0 });
    expect([...c]).to.deep.equal([19, 22, 43, 50]);
  });

  it('with alpha 0 or k 0 computes C = beta * C without reading A and B', () => {
    const c = Float32Array.of(1, 2, 3, 4);
    const empty = new Float32Array(0);
    matmul.sgemm({ m: 2, n: 2, k: 3, a: empty, b: empty, c, alpha: 0, beta: 2 });
    expect([...c]).to.deep.equal([2, 4, 6, 8]);
    matmul.sgemm({ m: 2, n: 2, k: 0, a: empty, b: empty, c, beta: 0.5 });
    expect([...c]).to.deep.equal([1, 2, 3, 4]);
    c[0] = NaN;
    matmul.sgemm({ m: 2, n: 2, k: 0, a: empty, b: empty, c });
    expect([...c]).to.deep.equal([0, 0, 0, 0]);
    matmul.sgemm({ m: 0, n: 5, k: 5, a: empty, b: new Float32Array(25), c: empty });
  });

  it('gives the separate-array result when C overlaps A or B', () => {
    const n = 9;
    const storage = random.floats(2 * n * n);
    const a = storage.slice(0, n * n);
    const b = random.floats(n * n);
    const c = storage.slice(n * n - 5, 2 * n * n - 5);
    const s = makeCase(random, n, n, n, false, false, false);
    const { expected, bound } = naiveSgemm(s, a, b, c);
    matmul.sgemm({ ...s, a: storage, b, c: storage, cOffset: n * n - 5 });
    expectClose(storage.slice(n * n - 5, 2 * n * n - 5), expected, bound, 'C overlapping A');
    // Taller than one row block, with C's first rows on A's last rows and B's first rows.
    const tall = { ...makeCase(random, 200, 8, 8, false, false, false), beta: 0.5 };
    const shared = random.floats(200 * 8 + 128 * 8);
    const tallA = shared.slice(0, 200 * 8);
    const tallC = shared.slice(128 * 8);
    const tallB = shared.slice(128 * 8, 128 * 8 + 64);
    const { expected: tallExpected, bound: tallBound } = naiveSgemm(tall, tallA, tallB, tallC);
    matmul.sgemm({ ...tall, a: shared, b: shared, c: shared, bOffset: 128 * 8, cOffset: 128 * 8 });
    expectClose(shared.slice(128 * 8), tallExpected, tallBound, 'tall C overlapping A and B');
    const square = random.floats(n * n);
    const { expected: squared, bound: squaredBound } = naiveSgemm(s, square, square, square);
    matmul.sgemm({ ...s, a: square, b: square, c: square });
    expectClose(square, squared, squaredBound, 'C = A = B');
  });

  it('multiplies cpu buffers and returns c', async () => {
    const [a, b, c] = [memory.allocate(6), memory.allocate(6), memory.allocate(4)];
    memory.copyToDevice(a, Float32Array.of(1, 2, 3, 4, 5, 6));
    memory.copyToDevice(b, Float32Array.of(1, 0, 0, 1, 1, 1));
    expect(matmul.sgemm({ m: 2, n: 2, k: 3, a, b, c })).to.equal(c);
    expect([...(await memory.copyFromDevice(c))]).to.deep.equal([4, 5, 10, 11]);
  });

  it('rejects bad parameters with coded errors', () => {
    const a = new Float32Array(6);
    const c = new Float32Array(4);
    expectCode(() => matmul.sgemm(null as never), 'KNHK_E_ARG_TYPE');
    expectCode(() => matmul.sgemm({ m: 2, n: 2, k: 3, a: [1, 2] as never, b: a, c }), 'KNHK_E_ARG_TYPE');
    expectCode(() => matmul.sgemm({ m: 2, n: 2, k: 3, a, b: a, c: new Float32Array(3) }), 'KNHK_E_ARG_SHAPE');
    expectCode(() => matmul.sgemm({ m: 2, n: 2, k: 3, a, b: a, c, lda: 2 }), 'KNHK_E_ARG_SHAPE');
    expectCode(() => matmul.sgemm({ m: 2, n: 2, k: 4, a, b: a, c }), 'KNHK_E_ARG_SHAPE');
    expectCode(() => matmul.sgemm({ m: -1, n: 2, k: 3, a, b: a, c }), 'KNHK_E_ARG_RANGE');
    expectCode(() => matmul.sgemm({ m: 2, n: 2, k: 3, a, b: a, c, aOffset: 1.5 }), 'KNHK_E_ARG_RANGE');
    expectCode(() => matmul.sgemm({ m: 2, n: 2, k: 3, a, b: a, c, alpha: NaN }), 'KNHK_E_ARG_INVALID');
    const released = memory.allocate(4);
    memory.free(released);
    expectCode(() => matmul.sgemm({ m: 2, n: 2, k: 3, a, b: a, c: released }), 'KNHK_E_BUFFER_RELEASED');
  });
});
