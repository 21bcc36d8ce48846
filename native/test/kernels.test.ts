/**
 * Every kernel of every ISA this CPU runs (scalar always), against plain TypeScript
 * references, over every tail length, with NaN, signed zeros and ties.
 */
import { loadNative } from '../src/index.js';
import { checkComparisons } from './comparison-checks.js';
import { describeKernelChecks } from './kernel-checks.js';
import { SIZES } from './native-reference.js';

const load = loadNative();
if (!load.ok) throw new Error(`the addon must be built for these tests: ${load.reason}`);
const addon = load.addon;

for (const isa of load.isas) {
  describeKernelChecks(`@knhk/native kernels: ${isa}`, isa, () => addon.kernels(isa));
  describe(`@knhk/native compare kernels: ${isa}`, () => {
    it('compare matches JavaScript for every predicate at every tail length, with NaN, zeros and infinities', () => {
      const k = addon.kernels(isa);
      for (const n of SIZES) checkComparisons(k, n);
    });
  });
}
