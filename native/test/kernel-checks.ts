/**
 * Checks of one ISA's kernels against plain TypeScript references, over every tail length,
 * with NaN, signed zeros and ties: run on every ISA this CPU runs (kernels.test.ts) and on the
 * emulated NEON kernels (emulation.test.ts).
 */
import { expect } from 'chai';
import type { NativeKernels } from '../src/index.js';
import { SIZES, argmaxReference, dotReference, elementwise, randomF32 } from './native-reference.js';

function checkElementwise(k: NativeKernels, n: number): void {
  const a = randomF32(n, 1 + n);
  const b = randomF32(n, 2 + n).map((v) => (v === 0 ? 0.5 : v));
  const c = randomF32(n, 3 + n);
  expect(k.add(a, b, new Float32Array(n))).to.deep.equal(elementwise(n, (i) => a[i] + b[i]));
  expect(k.sub(a, b, new Float32Array(n))).to.deep.equal(elementwise(n, (i) => a[i] - b[i]));
  expect(k.mul(a, b, new Float32Array(n))).to.deep.equal(elementwise(n, (i) => a[i] * b[i]));
  expect(k.div(a, b, new Float32Array(n))).to.deep.equal(elementwise(n, (i) => a[i] / b[i]));
  // A float32 product is exact in float64, so a*b + c rounded once is Math.fround of the float64 sum.
  expect(k.fma(a, b, c, new Float32Array(n))).to.deep.equal(elementwise(n, (i) => a[i] * b[i] + c[i]));
}

function checkReductions(k: NativeKernels, n: number): void {
  const a = randomF32(n, 5 + n);
  const b = randomF32(n, 6 + n);
  const { value, abs } = dotReference(a, b);
  expect(Math.abs(k.dot(a, b) - value)).to.be.at.most(2 * (n + 1) * 2 ** -23 * abs);
  const sum = a.reduce((s, v) => s + v, 0);
  expect(Math.abs(k.sum(a) - sum)).to.be.at.most(1e-9 * (1 + Math.abs(sum)) * (n + 1));
  if (n === 0) return;
  expect(k.min(a)).to.equal(Math.min(...a));
  expect(k.max(a)).to.equal(Math.max(...a));
  expect(k.argmax(a)).to.equal(argmaxReference(a));
}

/** Describes the checks of `kernels()` (called when the suite runs) under `title`. */
export function describeKernelChecks(title: string, isa: string, kernels: () => NativeKernels): void {
  describe(title, () => {
    let k: NativeKernels;
    before(() => {
      k = kernels();
    });

    it('reports its ISA', () => expect(k.isa).to.equal(isa));

    it('add, sub, mul, div and fma match the float32 reference at every tail length', () => {
      for (const n of SIZES) checkElementwise(k, n);
    });

    it('dot, sum, min, max and argmax match the reference at every tail length', () => {
      for (const n of SIZES) checkReductions(k, n);
    });

    it('writes in place when out aliases an input', () => {
      const a = randomF32(37, 9);
      const want = elementwise(37, (i) => a[i] + a[i]);
      k.add(a, a, a);
      expect(a).to.deep.equal(want);
    });

    it('propagates NaN in sum, min and max, and argmax returns the first NaN at any lane', () => {
      for (const n of [1, 9, 40, 100]) {
        for (const at of [0, n >> 1, n - 1]) {
          const x = randomF32(n, at + 11);
          x[at] = NaN;
          if (at + 3 < n) x[at + 3] = NaN;
          expect(Number.isNaN(k.sum(x)), `sum n=${n}`).to.equal(true);
          expect(Number.isNaN(k.min(x)), `min n=${n}`).to.equal(true);
          expect(Number.isNaN(k.max(x)), `max n=${n}`).to.equal(true);
          expect(k.argmax(x), `argmax n=${n} at=${at}`).to.equal(at);
        }
      }
    });

    it('orders -0 below +0 in min and max, and gives ties to the first index', () => {
      for (const n of [2, 17, 70]) {
        const zeros = new Float32Array(n);
        zeros[n - 1] = -0;
        expect(Object.is(k.min(zeros), -0), `min n=${n}`).to.equal(true);
        expect(Object.is(k.max(zeros), 0), `max n=${n}`).to.equal(true);
        expect(Object.is(k.max(new Float32Array(n).fill(-0)), -0)).to.equal(true);
        const ties = new Float32Array(n).fill(-1);
        ties[n >> 1] = 3;
        ties[n - 1] = 3;
        expect(k.argmax(ties)).to.equal(n >> 1);
      }
    });

    it('handles infinities', () => {
      const x = Float32Array.of(1, Infinity, -Infinity, 2, 3, 4, 5, 6, 7, 8);
      expect(k.max(x)).to.equal(Infinity);
      expect(k.min(x)).to.equal(-Infinity);
      expect(k.argmax(x)).to.equal(1);
      expect(Number.isNaN(k.sum(x))).to.equal(true);
    });
  });
}
