/**
 * The check of a kernel table's comparisons, shared by the kernel tests of the real addon and
 * of the avx512 emulation build.
 */
import { expect } from 'chai';
import type { NativeKernels } from '../src/index.js';
import { COMPARISONS, comparisonOperands } from './native-reference.js';

/** Every comparison of arrays and of a scalar, against JavaScript's, at length n. */
export function checkComparisons(k: NativeKernels, n: number): void {
  const { a, b } = comparisonOperands(n, 40 + n);
  COMPARISONS.forEach(([name, test], op) => {
    const want = Uint8Array.from(a, (x, i) => (test(x, b[i]) ? 1 : 0));
    expect(k.compare(a, b, new Uint8Array(n), op), `${name} n=${n}`).to.deep.equal(want);
    for (const scalar of [0, -0, 1.1, NaN, -Infinity]) {
      const wantScalar = Uint8Array.from(a, (x) => (test(x, Math.fround(scalar)) ? 1 : 0));
      expect(k.compare(a, scalar, new Uint8Array(n), op), `${name} ${scalar} n=${n}`).to.deep.equal(wantScalar);
    }
  });
}
