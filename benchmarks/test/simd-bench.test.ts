/**
 * The native SIMD benchmark at toy sizes: every figure is measured and finite, the ratios
 * are the quotients of the figures, the report names each target, and the pool's thread
 * count is restored; OpenBLAS is measured exactly when libopenblas0 is installed. (No timing
 * is asserted: speed is the benchmark's business.)
 */
import { expect } from 'chai';
import { loadNative } from '@knhk/native';
import { SYSTEM_PACKAGES, isSystemPackageInstalled } from '@knhk/plugin-sdk';
import { SIMD_TARGETS, formatSimdReport, runSimdBench } from '../src/simd/simd-bench.js';

describe('the native SIMD benchmark', () => {
  it('measures every figure side by side and reports the ratios against the targets', () => {
    const load = loadNative();
    if (!load.ok) throw new Error(`the addon must be built for this test: ${load.reason}`);
    const threads = load.addon.threads();
    const report = runSimdBench(load.addon, { size: 48, vectorLength: 4096, rounds: 1, repeats: 1 });
    expect(load.addon.threads()).to.equal(threads);
    for (const figure of [report.peak, report.sgemm1, report.sgemm2, report.add1, report.add2]) {
      expect(figure.seconds).to.be.greaterThan(0);
      expect(Number.isFinite(figure.rate)).to.equal(true);
    }
    expect(report.ratios.peakFraction).to.equal(report.sgemm1.rate / report.peak.rate);
    expect(report.ratios.twoThreads).to.equal(report.sgemm2.rate / report.sgemm1.rate);
    expect(report.openblas === undefined).to.equal(report.openblasMissing !== undefined);
    // Measured exactly when libopenblas0 is installed: an installed OpenBLAS that does not load fails here.
    expect(report.openblas !== undefined, report.openblasMissing).to.equal(
      isSystemPackageInstalled(SYSTEM_PACKAGES.openblas),
    );
    const text = formatSimdReport(report);
    expect(text).to.contain(`target >= ${SIMD_TARGETS.peakFraction}`);
    expect(text).to.contain(`target >= ${SIMD_TARGETS.twoThreads}`);
    expect(text).to.contain(report.openblas ? 'OpenBLAS sgemm 48^3' : 'OpenBLAS: not measured');
  });
});
