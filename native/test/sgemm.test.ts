/**
 * The native sgemm of every ISA this CPU runs (scalar always): against a float64 reference
 * for every transposition, edge tile and padded leading dimension; bitwise the same on one
 * thread and two; and every argument checked at the N-API boundary with a coded error.
 */
import { expect } from 'chai';
import { type NativeKernels, loadNative } from '../src/index.js';
import { randomF32 } from './native-reference.js';

const load = loadNative();
if (!load.ok) throw new Error(`the addon must be built for these tests: ${load.reason}`);
const addon = load.addon;
const INITIAL_THREADS = addon.threads();

interface Case {
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly tA: boolean;
  readonly tB: boolean;
  readonly pad: number;
}

/** Runs a case with alpha 1.5, beta -0.5, offsets 3/5/7 and every ld padded by `pad`; checks C against float64. */
function checkCase(kernels: NativeKernels, { m, n, k, tA, tB, pad }: Case): void {
  const [lda, ldb, ldc] = [(tA ? m : k) + pad, (tB ? k : n) + pad, n + pad];
  const a = randomF32(3 + (tA ? k : m) * lda, m + k);
  const b = randomF32(5 + (tB ? n : k) * ldb, n + k + 1);
  const c0 = randomF32(7 + m * ldc, m * n + 2);
  const c = c0.slice();
  kernels.sgemm(a, b, c, m, n, k, 1.5, -0.5, tA, tB, lda, ldb, ldc, 3, 5, 7);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      let abs = 0;
      for (let p = 0; p < k; p++) {
        const x = a[3 + (tA ? p * lda + i : i * lda + p)] * b[5 + (tB ? j * ldb + p : p * ldb + j)];
        sum += x;
        abs += Math.abs(x);
      }
      const at = 7 + i * ldc + j;
      const want = 1.5 * sum - 0.5 * c0[at];
      const bound = (k + 2) * 2 ** -23 * (1.5 * abs + 0.5 * Math.abs(c0[at]));
      expect(Math.abs(c[at] - want), `${m}x${n}x${k} tA=${tA} tB=${tB} (${i}, ${j})`).to.be.at.most(bound);
    }
  }
  for (let at = 0; at < c.length; at++) {
    const inside = at >= 7 && (at - 7) % ldc < n && Math.floor((at - 7) / ldc) < m;
    if (!inside) expect(c[at], `padding of C at ${at}`).to.equal(c0[at]);
  }
}

function codeOf(call: () => unknown): string | undefined {
  try {
    call();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  throw new Error('expected the call to throw');
}

for (const isa of load.isas) {
  describe(`@knhk/native sgemm: ${isa}`, () => {
    const kernels = addon.kernels(isa);
    afterEach(() => addon.setThreads(INITIAL_THREADS));

    it('matches the float64 product for every transposition, edge tile and padded leading dimension', () => {
      const shapes = [
        [1, 1, 1],
        [6, 16, 4],
        [7, 17, 5],
        [12, 32, 3],
        [13, 33, 257],
        [50, 3, 20],
        [2, 70, 9],
      ];
      for (const [m, n, k] of shapes) {
        for (const tA of [false, true]) {
          for (const tB of [false, true]) for (const pad of [0, 3]) checkCase(kernels, { m, n, k, tA, tB, pad });
        }
      }
    });

    it('gives bitwise the same C on one thread and on two, above the parallel threshold (by rows and by columns)', () => {
      for (const [m, n, k] of [
        [300, 200, 300],
        [8, 900, 600],
      ]) {
        const a = randomF32(m * k, 1);
        const b = randomF32(k * n, 2);
        const one = new Float32Array(m * n);
        const two = new Float32Array(m * n);
        addon.setThreads(1);
        kernels.sgemm(a, b, one, m, n, k, 1, 0, false, false, k, n, n, 0, 0, 0);
        addon.setThreads(2);
        kernels.sgemm(a, b, two, m, n, k, 1, 0, false, false, k, n, n, 0, 0, 0);
        expect(two).to.deep.equal(one);
      }
    });

    it('with beta 0 does not read C; with alpha 0 or k 0 does not read A and B', () => {
      const c = new Float32Array(6).fill(NaN);
      kernels.sgemm(randomF32(6, 1), randomF32(9, 2), c, 2, 3, 3, 1, 0, false, false, 3, 3, 3, 0, 0, 0);
      expect(c.some(Number.isNaN)).to.equal(false);
      const nan = new Float32Array(9).fill(NaN);
      const d = Float32Array.of(1, 2, 3, 4, 5, 6);
      kernels.sgemm(nan, nan, d, 2, 3, 3, 0, 2, false, false, 3, 3, 3, 0, 0, 0);
      expect(d).to.deep.equal(Float32Array.of(2, 4, 6, 8, 10, 12));
      kernels.sgemm(new Float32Array(0), new Float32Array(0), d, 2, 3, 0, 1, 0, false, false, 1, 3, 3, 0, 0, 0);
      expect(d).to.deep.equal(new Float32Array(6));
    });

    it('checks every argument at the boundary with a coded error', () => {
      const f = (n: number): Float32Array => new Float32Array(n);
      const call =
        (...args: unknown[]) =>
        () =>
          (kernels.sgemm as (...a: unknown[]) => unknown)(...args);
      const ok = [f(12), f(6), f(8), 4, 2, 3, 1, 0, false, false, 3, 2, 2, 0, 0, 0];
      const with_ = (i: number, v: unknown) => ok.map((x, j) => (j === i ? v : x));
      expect(codeOf(call(...ok.slice(0, 15)))).to.equal('KNHK_E_ARG_TYPE');
      expect(codeOf(call(...with_(0, new Float64Array(12))))).to.equal('KNHK_E_ARG_TYPE');
      expect(codeOf(call(...with_(2, [0, 0])))).to.equal('KNHK_E_ARG_TYPE');
      expect(codeOf(call(...with_(3, '4')))).to.equal('KNHK_E_ARG_TYPE');
      expect(codeOf(call(...with_(8, 1)))).to.equal('KNHK_E_ARG_TYPE');
      expect(codeOf(call(...with_(3, -1)))).to.equal('KNHK_E_ARG_RANGE');
      expect(codeOf(call(...with_(5, 1.5)))).to.equal('KNHK_E_ARG_RANGE');
      expect(codeOf(call(...with_(13, 2 ** 60)))).to.equal('KNHK_E_ARG_RANGE');
      expect(codeOf(call(...with_(6, NaN)))).to.equal('KNHK_E_ARG_INVALID');
      expect(codeOf(call(...with_(7, Infinity)))).to.equal('KNHK_E_ARG_INVALID');
      expect(codeOf(call(...with_(0, f(11))))).to.equal('KNHK_E_ARG_SHAPE');
      expect(codeOf(call(...with_(10, 2)))).to.equal('KNHK_E_ARG_SHAPE');
      expect(codeOf(call(...with_(12, 1)))).to.equal('KNHK_E_ARG_SHAPE');
      expect(codeOf(call(...with_(14, 1)))).to.equal('KNHK_E_ARG_SHAPE');
      expect(codeOf(call(...with_(11, 2 ** 52)))).to.equal('KNHK_E_ARG_SHAPE');
      const shared = f(40);
      const aliased = ok.map((x, j) => (j === 0 ? shared.subarray(0, 12) : j === 2 ? shared.subarray(8, 16) : x));
      expect(codeOf(call(...aliased))).to.equal('KNHK_E_ARG_INVALID');
      const detached = f(8);
      const memory = detached.buffer as ArrayBuffer;
      structuredClone(memory, { transfer: [memory] });
      expect(codeOf(call(...with_(2, detached)))).to.equal('KNHK_E_ARG_SHAPE');
    });
  });
}
