/**
 * The NEON kernels (vector, dot, reductions, Teddy) and the AVX-512 Teddy kernel on machines
 * that cannot run them: on x86 they are built through SIMDe into the test-only emulation addon
 * and pass the same checks as the native kernels (bit-exact element-wise results, tolerances
 * where reductions reorder, exactly the reference's pattern matches), and agree with the
 * scalar kernels. On aarch64 the addon's own NEON kernels are checked by kernels.test.ts.
 * The emulation addon needs SIMDe (libsimde-dev): without it this suite is not run (required
 * when CI is set); with it, an addon that is not built fails the suite with the build error.
 */
import { expect } from 'chai';
import { SYSTEM_PACKAGES, describeWithSystemPackages } from '@knhk/plugin-sdk/mocha';
import { describeKernelChecks } from './kernel-checks.js';
import { type EmulationAddon, loadEmulation } from './emulation-addon.js';
import { describePatternChecks } from './pattern-checks.js';
import { SIZES, randomF32 } from './native-reference.js';

const x86 = ['x64', 'ia32'].includes(process.arch);

if (x86) {
  describeWithSystemPackages('@knhk/native emulation addon (SIMDe)', [SYSTEM_PACKAGES.simde], defineEmulationSuites);
} else {
  // Say what is not run here, and why, instead of leaving no trace (mocha lists it as pending).
  describe('@knhk/native emulation addon (SIMDe)', () => {
    it(`NOT RUN on ${process.arch}: the SIMDe emulation of the NEON and AVX-512 Teddy kernels is built on x86 only (this machine's own NEON kernels are checked by kernels.test.ts)`, function () {
      this.skip();
    });
  });
}

function defineEmulationSuites(): void {
  let loaded: EmulationAddon | undefined;
  const emulation = (): EmulationAddon => (loaded ??= loadEmulation());

  describe('the addon', () => {
    it('says it is emulation and which', () => {
      expect(emulation().emulation).to.match(/^SIMDe \d+\.\d+\.\d+$/);
      expect(emulation().kernels('neon').emulated).to.equal(true);
      expect(emulation().kernels('scalar').emulated).to.equal(false);
      expect(emulation().patternKernels('avx512').emulated).to.equal(true);
    });

    it('emulated NEON element-wise results equal the scalar kernels bit for bit', () => {
      const neon = emulation().kernels('neon');
      const scalar = emulation().kernels('scalar');
      for (const n of SIZES) {
        const [a, b, c] = [randomF32(n, n + 1), randomF32(n, n + 2).map((v) => v || 0.25), randomF32(n, n + 3)];
        for (const op of ['add', 'sub', 'mul', 'div'] as const) {
          expect(neon[op](a, b, new Float32Array(n)), `${op} n=${n}`).to.deep.equal(
            scalar[op](a, b, new Float32Array(n)),
          );
        }
        expect(neon.fma(a, b, c, new Float32Array(n))).to.deep.equal(scalar.fma(a, b, c, new Float32Array(n)));
        if (n === 0) continue;
        expect(neon.min(a)).to.equal(scalar.min(a));
        expect(neon.max(a)).to.equal(scalar.max(a));
        expect(neon.argmax(a)).to.equal(scalar.argmax(a));
        const tolerance = 1e-6 * n * Math.max(1, Math.abs(scalar.sum(a)));
        expect(Math.abs(neon.sum(a) - scalar.sum(a))).to.be.at.most(tolerance);
      }
    });
  });

  describeKernelChecks('@knhk/native kernels: neon, emulated through SIMDe', 'neon', () => emulation().kernels('neon'));
  describePatternChecks('@knhk/native pattern matching: neon Teddy, emulated through SIMDe', () =>
    emulation().kernels('neon'),
  );
  describePatternChecks('@knhk/native pattern matching: avx512 Teddy, emulated through SIMDe', () =>
    emulation().patternKernels('avx512'),
  );
}
